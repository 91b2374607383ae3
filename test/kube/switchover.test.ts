// Switchover and failback of a failover PostgreSQL against a real kube-apiserver with CloudNativePG's
// Cluster CRD. No operator runs there: a stand-in for it writes what CloudNativePG would through
// /status (certificates, healthy phase, a demotion token when a primary is demoted, the promotion
// token it honoured and a new timeline when a side is promoted). What is tested is Harmony's
// sequence, its waits and its guards.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as k8s from "@kubernetes/client-node";
import { parse, stringify } from "yaml";
import { formatSummary, openKube, planDeployment, type Kube, type Plan } from "../../engine/deploy";
import { claimsPrimary } from "../../engine/deploy/postgres-live";
import { REJOIN_ANNOTATION } from "../../engine/deploy/switchover";
import { deployWithSwitchover, formatSwitchover, readSwitchover } from "../../engine/deploy/switchover-run";
import { modelWithPrimary } from "../../engine/deploy/switchover-target";
import type { TopologyModel } from "../../shared/model";
import { deployment, score, topology } from "../unit/deploy/shop";
import { closedAfterEach, CloudNativePgStandIn } from "./cnpg-stand-in";
import { runSuffix, testKubeConfig, type SiteContext } from "./kubeconfig";

const CNPG = { group: "postgresql.cnpg.io", version: "v1", plural: "clusters" };

describe("switchover of failover PostgreSQL on a kube-apiserver", function () {
  this.timeout(90_000);
  const { kubes, standIns } = closedAfterEach();

  async function open(kubeconfig = process.env.HARMONY_TEST_KUBECONFIG!): Promise<Kube> {
    const opened = await openKube(kubeconfig, ["site-a", "site-b"]);
    assert.ok(opened.ok, opened.ok ? "" : opened.error);
    kubes.push(opened.kube);
    return opened.kube;
  }

  /** orders on site-a (namespace a) and site-b (namespace b), in failover; the file's primary `primary`. */
  function setup(test: string) {
    const suffix = runSuffix();
    const [a, b] = [`a-${test}-${suffix}`, `b-${test}-${suffix}`];
    const model: TopologyModel = {
      file: "/switchover.topology.ts",
      topologies: [
        topology("siteA", "k8sAnywhere", { name: "site-a", context: "site-a", namespace: a }),
        topology("siteB", "k8sAnywhere", { name: "site-b", context: "site-b", namespace: b }),
        topology("pair", "failover", { name: "pair", publicHost: "pg.example.com" }, { primary: "siteA", replica: "siteB" }),
      ],
      scores: [score("pg.score", "postgres", { name: "pg", instances: 1, version: "17" })],
      deployments: [deployment("pg", "pair", "pg.score")],
      capabilities: [],
    } as unknown as TopologyModel;
    const planFor = (site: "site-a" | "site-b"): Plan => {
      const m = modelWithPrimary(model, "pg", site);
      assert.ok(m.ok);
      const r = planDeployment(m.model, "pg");
      assert.ok(r.ok, r.ok ? "" : r.error);
      return r.plan;
    };
    const standIn = new CloudNativePgStandIn([
      { context: "site-a", namespace: a },
      { context: "site-b", namespace: b },
    ]);
    standIns.push(standIn);
    const read = async (context: SiteContext, namespace: string) =>
      (await testKubeConfig(context).makeApiClient(k8s.CustomObjectsApi).getNamespacedCustomObject({ ...CNPG, namespace, name: "pg" })) as any;
    const both = async () => [await read("site-a", a), await read("site-b", b)];
    return { a, b, planFor, standIn, both };
  }

  const fast = { pollMs: 50, waitTimeoutMs: 10_000 };

  async function deploy(kube: Kube, plan: Plan, o: { primaryLost?: boolean; signal?: AbortSignal; waitTimeoutMs?: number } = {}) {
    const read = await readSwitchover(plan, kube, { primaryLost: o.primaryLost });
    const result = await deployWithSwitchover(plan, read, { kube, ...fast, ...(o.waitTimeoutMs ? { waitTimeoutMs: o.waitTimeoutMs } : {}), signal: o.signal });
    return { read, result, report: `${formatSwitchover(result)}\n${result.summary ? formatSummary(result.summary) : ""}` };
  }

  it("switches over to site-b and fails back to site-a, each time with exactly one primary", async () => {
    const { planFor, both } = setup("sw");
    const kube = await open();
    const first = await deploy(kube, planFor("site-a"));
    assert.ok(first.result.ok, first.report);
    assert.equal(first.read.decision.kind, "none");

    const over = await deploy(kube, planFor("site-b"));
    assert.ok(over.result.ok, over.report);
    assert.match(over.report, /switchover: site-a → site-b/);
    let [a, b] = await both();
    assert.deepEqual([claimsPrimary(a), claimsPrimary(b)], [false, true], "exactly one primary: site-b");
    assert.equal(b.status.lastPromotionToken, a.status.demotionToken, "promoted with the token site-a produced");
    assert.equal(a.spec.replica.primary, "pg-site-b");
    assert.equal(a.spec.externalClusters.find((e: any) => e.name === "pg-site-b").connectionParameters.host, "pg.example.com");
    assert.equal(b.spec.replica.promotionToken, undefined, "the token is not left on the Cluster for a later promotion");
    assert.equal(b.spec.bootstrap?.pg_basebackup?.source, "pg-site-a", "site-b keeps the bootstrap it was created with");

    const back = await deploy(kube, planFor("site-a"));
    assert.ok(back.result.ok, back.report);
    assert.match(back.report, /switchover: site-b → site-a/);
    [a, b] = await both();
    assert.deepEqual([claimsPrimary(a), claimsPrimary(b)], [true, false], "exactly one primary: site-a");
    assert.equal(a.status.lastPromotionToken, b.status.demotionToken);

    const again = await deploy(kube, planFor("site-a"));
    assert.ok(again.result.ok && again.read.decision.kind === "none", again.report);
  });

  it("a demotion token that never comes times out without promoting; cancelled or timed out, the next deploy completes", async () => {
    const { planFor, standIn, both } = setup("token");
    const kube = await open();
    assert.ok((await deploy(kube, planFor("site-a"))).result.ok);
    standIn.demotes = false;
    const stuck = await deploy(kube, planFor("site-b"), { waitTimeoutMs: 1500 });
    assert.equal(stuck.result.ok, false);
    assert.match(stuck.report, /wait-demotion-token: .*did not report a new status\.demotionToken within 2 s\. site-b was not promoted/);
    assert.match(stuck.report, /promote: .* — skipped/);
    let [a, b] = await both();
    assert.deepEqual([claimsPrimary(a), claimsPrimary(b)], [false, false], "demoted, and nothing promoted");
    assert.equal(b.spec.replica.promotionToken, undefined);

    // Cancelled while waiting: still nothing promoted.
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const cancelled = await deploy(kube, planFor("site-b"), { signal: controller.signal });
    assert.equal(cancelled.read.decision.kind === "switch" && cancelled.read.decision.switchover.kind, "resume");
    assert.match(cancelled.report, /wait-demotion-token: .* — failed: cancelled/);
    [a, b] = await both();
    assert.equal(claimsPrimary(b), false);

    // CloudNativePG produces the token after all: the next deploy finishes the switchover.
    standIn.demotes = true;
    const done = await deploy(kube, planFor("site-b"));
    assert.ok(done.result.ok, done.report);
    [a, b] = await both();
    assert.deepEqual([claimsPrimary(a), claimsPrimary(b)], [false, true]);
  });

  it("refuses when both sides claim primary, and writes nothing", async () => {
    const { b, planFor, both } = setup("two");
    const kube = await open();
    assert.ok((await deploy(kube, planFor("site-a"))).result.ok);
    // Someone promoted site-b by hand.
    await testKubeConfig("site-b")
      .makeApiClient(k8s.CustomObjectsApi)
      .patchNamespacedCustomObject({ ...CNPG, namespace: b, name: "pg", body: { spec: { replica: { primary: "pg-site-b" } } } }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch));
    await new Promise((res) => setTimeout(res, 200));
    // The spec's generation: the stand-in may still write status, Harmony must not touch either spec.
    const before = (await both()).map((c) => c.metadata.generation);
    const r = await deploy(kube, planFor("site-b"));
    assert.equal(r.result.ok, false);
    assert.match(r.report, /switchover refused: site-b \(context site-b, namespace b-two-\w+\) and site-a \(context site-a, namespace a-two-\w+\) both claim to be primary/);
    assert.equal(r.result.summary, undefined, "the plan did not run");
    assert.deepEqual((await both()).map((c) => c.metadata.generation), before);
  });

  it("an unreachable primary refuses the switchover; the lost-primary path promotes only when chosen, and the old side rejoins when back", async () => {
    const { planFor, both } = setup("lost");
    const kube = await open();
    assert.ok((await deploy(kube, planFor("site-a"))).result.ok);

    // site-a's API server gone: its context points at a port nothing listens on.
    const dir = await mkdtemp(join(tmpdir(), "harmony-lost-"));
    try {
      const kc = parse(await readFile(process.env.HARMONY_TEST_KUBECONFIG!, "utf8"));
      const ctx = kc.contexts.find((c: any) => c.name === "site-a").context;
      kc.clusters.push({ name: "gone", cluster: { server: "https://127.0.0.1:1", "insecure-skip-tls-verify": true } });
      ctx.cluster = "gone";
      await writeFile(join(dir, "kubeconfig"), stringify(kc));
      const cut = await open(join(dir, "kubeconfig"));

      const refused = await deploy(cut, planFor("site-b"));
      assert.equal(refused.result.ok, false);
      assert.match(refused.report, /switchover refused: site-a .* cannot be read .*--primary-lost/);
      let [, b] = await both();
      assert.equal(claimsPrimary(b), false, "not promoted without being asked");

      const lost = await deploy(cut, planFor("site-b"), { primaryLost: true });
      assert.match(lost.report, /FAILOVER \(primary lost\): site-a → site-b/);
      assert.match(lost.report, /RISK: .*every write the lost primary accepted and had not streamed to site-b is lost/);
      [, b] = await both();
      assert.equal(claimsPrimary(b), true);
      assert.equal(b.spec.replica.promotionToken, undefined, "promoted without a token");
      assert.equal(b.metadata.annotations[REJOIN_ANNOTATION], "pg-site-a");
      assert.ok(lost.result.sequence.every((s) => s.outcome === "done"), lost.report);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // site-a is back, still claiming primary: the next deploy makes it rejoin instead of refusing.
    const rejoin = await deploy(kube, planFor("site-b"));
    assert.ok(rejoin.result.ok, rejoin.report);
    assert.match(rejoin.report, /rejoin as replica: site-a → site-b/);
    const [a, b] = await both();
    assert.deepEqual([claimsPrimary(a), claimsPrimary(b)], [false, true]);
    assert.equal(b.metadata.annotations?.[REJOIN_ANNOTATION], undefined, "the mark goes once site-a has rejoined");
  });
});
