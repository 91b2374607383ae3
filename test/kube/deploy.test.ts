// Deploys against a real kube-apiserver: contexts site-a and site-b stand in for two clusters
// (a namespace each, per run). The tests play the CloudNativePG operator: they create the
// certificate secrets and write the Cluster's status through the /status subresource.
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as k8s from "@kubernetes/client-node";
import { applyPlan, formatSummary, openKube, planDeployment, whatIf, type DeploySummary, type Kube, type Plan } from "../../engine/deploy";
import type { TopologyModel } from "../../shared/model";
import { startKube } from "../../scripts/env/kube.mjs";
import { deployment, score, topology } from "../unit/deploy/shop";
import { runSuffix, testKubeConfig } from "./kubeconfig";

const CNPG = { group: "postgresql.cnpg.io", version: "v1", plural: "clusters" };
const b64 = (s: string) => Buffer.from(s).toString("base64");

function model(nsA: string, nsB: string, failover: Record<string, string> = {}, primaryKind = "k8sAnywhere"): TopologyModel {
  return {
    file: "/deploy.topology.ts",
    topologies: [
      topology("siteA", primaryKind, { name: "site-a", context: "site-a", namespace: nsA }),
      topology("siteB", "k8sAnywhere", { name: "site-b", context: "site-b", namespace: nsB }),
      topology("shop", "failover", { name: "shop", ...failover }, { primary: "siteA", replica: "siteB" }),
    ],
    scores: [
      score("db.score", "postgres", { name: "orders-db", instances: 2, storage: "1Gi", version: "16" }),
      score("web.score", "k8sApp", { name: "storefront", image: "nginx:1.27", replicas: 2, port: 8080 }),
    ],
    deployments: [deployment("ordersDb", "shop", "db.score"), deployment("storefront", "shop", "web.score")],
    capabilities: [],
  };
}

function planOf(m: TopologyModel, name: string): Plan {
  const r = planDeployment(m, name);
  assert.ok(r.ok, r.ok ? "" : r.error);
  return r.plan;
}

async function open(kubeconfig = process.env.HARMONY_TEST_KUBECONFIG!, retry?: { attempts: number; baseMs: number; maxMs: number }): Promise<Kube> {
  const r = await openKube(kubeconfig, ["site-a", "site-b"], { retry });
  assert.ok(r.ok, r.ok ? "" : r.error);
  return r.kube;
}

const outcomes = (s: DeploySummary) => s.objects.map((o) => `${o.step} ${o.outcome} ${o.ref}`).sort();

/** Plays CloudNativePG for one cluster: certificates once the Cluster exists, then a healthy status. */
class OperatorStandIn {
  private stopped = false;
  done: Promise<void>;
  constructor(kc: k8s.KubeConfig, namespace: string, opts: { healthy?: boolean; lbIp?: string; routeHost?: string; onCluster?: () => Promise<void> } = {}) {
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    this.done = (async () => {
      while (!this.stopped) {
        const c = await custom.getNamespacedCustomObject({ ...CNPG, namespace, name: "orders-db" }).catch(() => undefined);
        if (c) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      if (this.stopped) return;
      if (opts.onCluster) return opts.onCluster();
      await core.createNamespacedSecret({ namespace, body: { metadata: { name: "orders-db-ca" }, data: { "ca.crt": b64("CA CERT"), "ca.key": b64("CA PRIVATE KEY") } } });
      await core.createNamespacedSecret({
        namespace,
        body: { metadata: { name: "orders-db-replication" }, type: "kubernetes.io/tls", data: { "tls.crt": b64("CLIENT CERT"), "tls.key": b64("CLIENT KEY") } },
      });
      // The Cluster, its Service and its Route are applied in one step, in no set order: a status
      // is written once its object exists, as the operator (and the router) would.
      const once = async (write: () => Promise<unknown>) => {
        for (;;) {
          try {
            return await write();
          } catch (e) {
            if (this.stopped || (e as { code?: number }).code !== 404) throw e;
            await new Promise((r) => setTimeout(r, 50));
          }
        }
      };
      if (opts.lbIp) {
        await once(() => core.patchNamespacedServiceStatus(
          { namespace, name: "orders-db-primary", body: { status: { loadBalancer: { ingress: [{ ip: opts.lbIp! }] } } } },
          k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
        ));
      }
      if (opts.routeHost !== undefined) {
        await once(() => custom.patchNamespacedCustomObjectStatus(
          { group: "route.openshift.io", version: "v1", plural: "routes", namespace, name: "orders-db-primary", body: { status: { ingress: [{ host: opts.routeHost }] } } },
          k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
        ));
      }
      if (opts.healthy === false) return;
      await custom.patchNamespacedCustomObjectStatus(
        { ...CNPG, namespace, name: "orders-db", body: { status: { phase: "Cluster in healthy state", readyInstances: 2, instances: 2 } } },
        k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
      );
    })();
  }
  stop() {
    this.stopped = true;
  }
}

describe("deploy to a kube-apiserver", () => {
  const suffix = runSuffix();
  const ns = (side: string, test: string) => `${side}-${test}-${suffix}`;

  it("deploys failover PostgreSQL: primary, wait until healthy, copy certificates, replica from the public host", async () => {
    const [a, b] = [ns("a", "pg"), ns("b", "pg")];
    const plan = planOf(model(a, b, { publicHost: "orders-db.site-a.example.com" }), "ordersDb");
    const operator = new OperatorStandIn(testKubeConfig("site-a"), a);
    const summary = await applyPlan(plan, { kube: await open(), pollMs: 100, waitTimeoutMs: 20_000 });
    await operator.done;
    assert.ok(summary.ok, formatSummary(summary));
    assert.deepEqual(summary.steps.map((s) => `${s.id} ${s.action} ${s.outcome}`), ["s1 apply done", "s2 apply done", "s3 wait done", "s4 copy-secrets done", "s5 apply done"]);
    assert.deepEqual(outcomes(summary), [
      `s1 applied Cluster ${a}/orders-db`,
      `s1 applied Namespace ${a}`,
      `s1 applied Service ${a}/orders-db-primary`,
      `s2 applied Namespace ${b}`,
      `s4 applied Secret ${b}/orders-db-primary-ca`,
      `s4 applied Secret ${b}/orders-db-primary-replication`,
      `s5 applied Cluster ${b}/orders-db`,
    ]);

    const custom = testKubeConfig("site-b").makeApiClient(k8s.CustomObjectsApi);
    const replica = (await custom.getNamespacedCustomObject({ ...CNPG, namespace: b, name: "orders-db" })) as any;
    assert.deepEqual(replica.spec.replica, { primary: "orders-db-site-a", self: "orders-db-site-b", source: "orders-db-site-a" });
    assert.equal(replica.spec.externalClusters[0].connectionParameters.host, "orders-db.site-a.example.com");
    assert.ok(replica.metadata.managedFields.some((f: any) => f.manager === "harmony" && f.operation === "Apply"));
    const core = testKubeConfig("site-b").makeApiClient(k8s.CoreV1Api);
    const ca = await core.readNamespacedSecret({ namespace: b, name: "orders-db-primary-ca" });
    assert.deepEqual(Object.keys(ca.data ?? {}), ["ca.crt"], "the CA's private key stays on the primary");
    const repl = await core.readNamespacedSecret({ namespace: b, name: "orders-db-primary-replication" });
    assert.equal(Buffer.from(repl.data!["tls.key"], "base64").toString(), "CLIENT KEY");
    assert.ok(!formatSummary(summary).includes("CLIENT KEY") && !formatSummary(summary).includes(b64("CLIENT KEY")));

    const again = await applyPlan(plan, { kube: await open(), pollMs: 100 });
    assert.ok(again.ok, formatSummary(again));
    assert.ok(again.objects.every((o) => o.outcome === "unchanged"), formatSummary(again));
  });

  it("with no public host, streams from the address the primary's load balancer gets", async () => {
    const [a, b] = [ns("a", "lb"), ns("b", "lb")];
    const plan = planOf(model(a, b), "ordersDb");
    const operator = new OperatorStandIn(testKubeConfig("site-a"), a, { lbIp: "203.0.113.7" });
    const summary = await applyPlan(plan, { kube: await open(), pollMs: 100, waitTimeoutMs: 20_000 });
    await operator.done;
    assert.ok(summary.ok, formatSummary(summary));
    const custom = testKubeConfig("site-b").makeApiClient(k8s.CustomObjectsApi);
    const replica = (await custom.getNamespacedCustomObject({ ...CNPG, namespace: b, name: "orders-db" })) as any;
    assert.equal(replica.spec.externalClusters[0].connectionParameters.host, "203.0.113.7");
  });

  it("after a failover deploy, what-if and a dry run find the replica unchanged: they learn the primary's address as deploy does", async () => {
    const [a, b] = [ns("a", "lbwhatif"), ns("b", "lbwhatif")];
    const plan = planOf(model(a, b), "ordersDb");
    const operator = new OperatorStandIn(testKubeConfig("site-a"), a, { lbIp: "203.0.113.9" });
    const summary = await applyPlan(plan, { kube: await open(), pollMs: 100, waitTimeoutMs: 20_000 });
    await operator.done;
    assert.ok(summary.ok, formatSummary(summary));
    const entries = await whatIf(plan, { kube: await open() });
    const replica = entries.find((e) => e.ref === `Cluster ${b}/orders-db`)!;
    assert.match(replica.planned, /host: 203\.0\.113\.9/);
    assert.deepEqual(entries.filter((e) => e.changed).map((e) => e.ref), []);
    const dry = await applyPlan(plan, { kube: await open(), dryRun: true });
    assert.ok(dry.ok, formatSummary(dry));
    assert.deepEqual(dry.objects.filter((o) => o.outcome !== "unchanged").map((o) => `${o.ref}: ${o.outcome} ${o.reason}`), []);
  });

  it("what-if before the primary exists says the replica's source address is learnt at deploy time", async () => {
    const [a, b] = [ns("a", "lbnew"), ns("b", "lbnew")];
    const entries = await whatIf(planOf(model(a, b), "ordersDb"), { kube: await open() });
    const replica = entries.find((e) => e.ref === `Cluster ${b}/orders-db`)!;
    assert.ok(replica.changed);
    assert.ok(replica.note, "the replica has a note");
  });

  it("the replica streams from exactly the host the primary's Route reports: quotes and backslashes in it add no field", async () => {
    const [a, b] = [ns("a", "route"), ns("b", "route")];
    const host = 'db.example.com", "sslmode": "disable", "x": "\\';
    const m = model(a, b, {}, "okdCluster");
    m.scores[0].spec.version = "17"; // a TLS-passthrough Route needs direct SSL: PostgreSQL 17+
    const plan = planOf(m, "ordersDb");
    const operator = new OperatorStandIn(testKubeConfig("site-a"), a, { routeHost: host });
    const summary = await applyPlan(plan, { kube: await open(), pollMs: 100, waitTimeoutMs: 20_000 });
    await operator.done;
    assert.ok(summary.ok, formatSummary(summary));
    const custom = testKubeConfig("site-b").makeApiClient(k8s.CustomObjectsApi);
    const replica = (await custom.getNamespacedCustomObject({ ...CNPG, namespace: b, name: "orders-db" })) as any;
    const params = replica.spec.externalClusters[0].connectionParameters;
    assert.equal(params.host, host);
    assert.equal(params.sslmode, "verify-ca");
    assert.deepEqual(Object.keys(params).sort(), ["dbname", "host", "port", "sslmode", "sslnegotiation", "user"]);
  });

  it("a failed primary means no replica: the wait times out and the replica is skipped", async () => {
    const [a, b] = [ns("a", "slow"), ns("b", "slow")];
    const plan = planOf(model(a, b, { publicHost: "db.example.com" }), "ordersDb");
    const operator = new OperatorStandIn(testKubeConfig("site-a"), a, { healthy: false });
    const summary = await applyPlan(plan, { kube: await open(), pollMs: 100, waitTimeoutMs: 1500 });
    await operator.done;
    assert.ok(!summary.ok);
    const wait = summary.steps.find((s) => s.action === "wait")!;
    assert.equal(wait.outcome, "failed");
    assert.match(wait.reason!, /timed out after 2 s: phase "none", 0\/2 instances ready/);
    const replica = summary.objects.find((o) => o.ref === `Cluster ${b}/orders-db`)!;
    assert.equal(replica.outcome, "skipped");
    assert.match(replica.reason!, /step s4 skipped/);
  });

  it("reports a field-manager conflict with the field and its owner, and takes it over only when forced", async () => {
    const [a, b] = [ns("a", "conflict"), ns("b", "conflict")];
    const plan = planOf(model(a, b), "storefront");
    const first = await applyPlan(plan, { kube: await open() });
    assert.ok(first.ok, formatSummary(first));
    // Someone scales the primary's Deployment with their own field manager.
    const apps = testKubeConfig("site-a").makeApiClient(k8s.KubernetesObjectApi);
    await apps.patch(
      { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "storefront", namespace: a }, spec: { replicas: 5 } } as k8s.KubernetesObject,
      undefined,
      undefined,
      "ops-oncall",
      true,
      k8s.PatchStrategy.ServerSideApply,
    );
    const second = await applyPlan(plan, { kube: await open() });
    assert.ok(!second.ok);
    const failed = second.objects.filter((o) => o.outcome === "failed");
    assert.deepEqual(failed.map((o) => o.ref), [`Deployment ${a}/storefront`]);
    assert.deepEqual(failed[0].conflicts, [{ field: ".spec.replicas", manager: "ops-oncall" }]);
    assert.match(failed[0].reason!, /field-manager conflict: \.spec\.replicas \(owned by ops-oncall\); deploy again with force/);
    assert.ok(second.objects.filter((o) => o.step === "s2").every((o) => o.outcome === "unchanged"), "the other side is untouched by the conflict");

    const forced = await applyPlan(plan, { kube: await open(), force: true });
    assert.ok(forced.ok, formatSummary(forced));
    const d = (await apps.read({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "storefront", namespace: a } })) as any;
    assert.equal(d.spec.replicas, 2);
  });

  it("applies racing to create the same Service all succeed: the losers of the create apply again", async () => {
    // Both contexts of the test server reach one API server; sides sharing a namespace there
    // race to create the same objects, as any two concurrent applies can.
    const name = ns("race", "cm");
    const kube = await open();
    const clients = [kube.client("site-a"), kube.client("site-b")];
    await clients[0].apply({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
    const objects = Array.from({ length: 6 }, (_, i) => ({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: `race-${i}`, namespace: name },
      spec: { selector: { app: `race-${i}` }, ports: [{ port: 80, protocol: "TCP" }] },
    }));
    // Every object is created by both sides at once.
    const results = await Promise.allSettled(objects.flatMap((o) => clients.map((c) => c.apply(o))));
    const failed = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason));
    assert.deepEqual(failed, []);
    kube.close();
  });

  it("a dry run writes nothing and says what would be created", async () => {
    const [a, b] = [ns("a", "dry"), ns("b", "dry")];
    const summary = await applyPlan(planOf(model(a, b), "storefront"), { kube: await open(), dryRun: true });
    assert.ok(summary.ok, formatSummary(summary));
    const skipped = (n: string) => `skipped namespace ${n} does not exist yet; a real deploy creates it first`;
    assert.deepEqual(
      summary.objects.map((o) => `${o.ref}: ${o.outcome} ${o.reason}`).sort(),
      [
        `Deployment ${a}/storefront: ${skipped(a)}`,
        `Deployment ${b}/storefront: ${skipped(b)}`,
        `Namespace ${a}: applied would be created`,
        `Namespace ${b}: applied would be created`,
        `Service ${a}/storefront: ${skipped(a)}`,
        `Service ${b}/storefront: ${skipped(b)}`,
      ],
    );
    const core = testKubeConfig("site-a").makeApiClient(k8s.CoreV1Api);
    await assert.rejects(core.readNamespace({ name: a }), (e: any) => e.code === 404);
  });

  it("what-if diffs each object against the live one on Harmony's fields only, and writes nothing", async () => {
    const [a, b] = [ns("a", "whatif"), ns("b", "whatif")];
    const plan = planOf(model(a, b), "storefront");
    const first = await whatIf(plan, { kube: await open() });
    assert.deepEqual(first.map((e) => [e.ref, e.changed, e.live]), [
      [`Namespace ${a}`, true, ""],
      [`Deployment ${a}/storefront`, true, ""],
      [`Service ${a}/storefront`, true, ""],
      [`Namespace ${b}`, true, ""],
      [`Deployment ${b}/storefront`, true, ""],
      [`Service ${b}/storefront`, true, ""],
    ]);
    assert.match(first[1].note ?? "", new RegExp(`namespace ${a} does not exist yet`));
    assert.ok((await applyPlan(plan, { kube: await open() })).ok);
    const apps = testKubeConfig("site-a").makeApiClient(k8s.KubernetesObjectApi);
    await apps.patch(
      { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "storefront", namespace: a }, spec: { replicas: 7 } } as k8s.KubernetesObject,
      undefined, undefined, "ops-oncall", true, k8s.PatchStrategy.ServerSideApply,
    );
    const second = await whatIf(plan, { kube: await open() });
    assert.deepEqual(second.filter((e) => e.changed).map((e) => e.ref), [`Deployment ${a}/storefront`]);
    const d = second.find((e) => e.changed)!;
    assert.match(d.live, /replicas: 7/);
    assert.match(d.planned, /replicas: 2/);
    assert.equal(d.note, "field-manager conflict: .spec.replicas (owned by ops-oncall); a deploy fails here unless it takes these fields over");
    assert.ok(!d.live.includes("managedFields") && !d.live.includes("resourceVersion"), "only the fields Harmony writes");
  });

  it("cancelling aborts the wait at once; the summary says what was applied and what was not", async () => {
    const [a, b] = [ns("a", "cancel"), ns("b", "cancel")];
    const plan = planOf(model(a, b, { publicHost: "db.example.com" }), "ordersDb");
    const controller = new AbortController();
    const t0 = Date.now();
    let cancelledAt = 0;
    const summary = await applyPlan(plan, {
      kube: await open(),
      signal: controller.signal,
      pollMs: 5000,
      onProgress: (e) => {
        if (e.kind === "waiting" && !cancelledAt) {
          cancelledAt = Date.now();
          setTimeout(() => controller.abort(), 50);
        }
      },
    });
    assert.ok(Date.now() - cancelledAt < 1500, `cancel took ${Date.now() - cancelledAt} ms`);
    assert.ok(Date.now() - t0 < 5000);
    assert.ok(summary.cancelled && !summary.ok);
    assert.deepEqual(summary.steps.map((s) => `${s.id} ${s.outcome} ${s.reason ?? ""}`.trim()), ["s1 done", "s2 done", "s3 failed cancelled", "s4 skipped cancelled", "s5 skipped cancelled"]);
    assert.deepEqual(
      summary.objects.filter((o) => o.outcome === "applied").map((o) => o.ref).sort(),
      [`Cluster ${a}/orders-db`, `Namespace ${a}`, `Namespace ${b}`, `Service ${a}/orders-db-primary`],
    );
  });

  describe("when the API server stops mid-deploy", () => {
    let dir: string;
    let kube: Awaited<ReturnType<typeof startKube>> | undefined;
    before(async function () {
      this.timeout(120_000);
      dir = await mkdtemp(join(tmpdir(), "harmony-deploy-kube-"));
      kube = await startKube({ dir });
    });
    after(async function () {
      this.timeout(60_000);
      await kube?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it("the summary says what was applied, what failed and what was skipped", async function () {
      this.timeout(60_000);
      const plan = planOf(model("site-a", "site-b", { publicHost: "db.example.com" }), "ordersDb");
      const kc = new k8s.KubeConfig();
      kc.loadFromFile(kube!.kubeconfig);
      kc.setCurrentContext("site-a");
      // The "operator" pulls the plug as soon as the primary exists.
      const operator = new OperatorStandIn(kc, "site-a", { onCluster: () => kube!.stop() });
      const summary = await applyPlan(plan, { kube: await open(kube!.kubeconfig, { attempts: 3, baseMs: 100, maxMs: 400 }), pollMs: 100, waitTimeoutMs: 30_000 });
      await operator.done;
      assert.ok(!summary.ok);
      const text = formatSummary(summary);
      assert.equal(summary.steps[0].outcome, "done", text);
      assert.ok(summary.objects.some((o) => o.ref === "Cluster site-a/orders-db" && o.outcome === "applied"), text);
      const wait = summary.steps.find((s) => s.action === "wait")!;
      assert.equal(wait.outcome, "failed", text);
      assert.match(wait.reason!, /connection to 127\.0\.0\.1:\d+ refused \(ECONNREFUSED\)/);
      assert.ok(summary.retries >= 2);
      assert.deepEqual(
        summary.objects.filter((o) => o.step === "s5").map((o) => o.outcome),
        ["skipped"],
      );
      assert.ok(!text.includes(kube!.token), "the token never reaches the summary");
    });
  });
});
