// Switchover of a multisite PostgreSQL (one primary site, a replica on every other) against a real
// kube-apiserver with CloudNativePG's Cluster CRD, with the operator's stand-in writing /status:
// moving another site first switches over with the old primary's token and every other replica
// follows the new primary; two sites claiming primary are refused, by name, with nothing written.
import assert from "node:assert/strict";
import * as k8s from "@kubernetes/client-node";
import { formatSummary, openKube, planDeployment, type Kube, type Plan } from "../../engine/deploy";
import { claimsPrimary } from "../../engine/deploy/postgres-live";
import { deployWithSwitchover, formatSwitchover, readSwitchover } from "../../engine/deploy/switchover-run";
import type { TopologyModel } from "../../shared/model";
import { deployment, score, topology } from "../unit/deploy/shop";
import { closedAfterEach, CloudNativePgStandIn } from "./cnpg-stand-in";
import { runSuffix, testKubeConfig, type SiteContext } from "./kubeconfig";

const CNPG = { group: "postgresql.cnpg.io", version: "v1", plural: "clusters" };
const mergePatch = k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch);

type Site = "paris" | "montreal" | "tokyo";

describe("switchover of multisite PostgreSQL on a kube-apiserver", function () {
  this.timeout(90_000);
  const { kubes, standIns } = closedAfterEach();

  /** paris (site-a), montreal (site-b), tokyo (site-a), each in its own namespace; `planFor` puts its sites in that order. */
  async function setup(test: string) {
    const suffix = runSuffix();
    const place: Record<Site, { context: SiteContext; namespace: string }> = {
      paris: { context: "site-a", namespace: `p-${test}-${suffix}` },
      montreal: { context: "site-b", namespace: `m-${test}-${suffix}` },
      tokyo: { context: "site-a", namespace: `t-${test}-${suffix}` },
    };
    const leaf = (s: Site) => topology(s, "k8sAnywhere", { name: s, ...place[s], publicHost: `pg-${s}.example.com` });
    const planFor = (...sites: Site[]): Plan => {
      const model = {
        file: "/world.topology.ts",
        topologies: [leaf("paris"), leaf("montreal"), leaf("tokyo"), { ...topology("world", "multisite", { name: "world" }), sites }],
        scores: [score("pg.score", "postgres", { name: "pg", instances: 1, version: "17" })],
        deployments: [deployment("pg", "world", "pg.score")],
        capabilities: [],
      } as unknown as TopologyModel;
      const r = planDeployment(model, "pg");
      assert.ok(r.ok, r.ok ? "" : r.error);
      return r.plan;
    };
    standIns.push(new CloudNativePgStandIn(Object.values(place)));
    const custom = (s: Site) => testKubeConfig(place[s].context).makeApiClient(k8s.CustomObjectsApi);
    const read = async (s: Site) => (await custom(s).getNamespacedCustomObject({ ...CNPG, namespace: place[s].namespace, name: "pg" })) as any;
    const all = async () => ({ paris: await read("paris"), montreal: await read("montreal"), tokyo: await read("tokyo") });
    const claimSelf = (s: Site) => custom(s).patchNamespacedCustomObject({ ...CNPG, namespace: place[s].namespace, name: "pg", body: { spec: { replica: { primary: `pg-${s}` } } } }, mergePatch);
    const opened = await openKube(process.env.HARMONY_TEST_KUBECONFIG!, ["site-a", "site-b"]);
    assert.ok(opened.ok, opened.ok ? "" : opened.error);
    kubes.push(opened.kube);
    return { planFor, all, claimSelf, kube: opened.kube };
  }

  async function deploy(kube: Kube, plan: Plan) {
    const read = await readSwitchover(plan, kube);
    const result = await deployWithSwitchover(plan, read, { kube, pollMs: 50, waitTimeoutMs: 10_000 });
    return { read, result, report: `${formatSwitchover(result)}\n${result.summary ? formatSummary(result.summary) : ""}` };
  }

  it("moving tokyo first switches over from paris with its token: one primary, and montreal follows tokyo", async () => {
    const { planFor, all, kube } = await setup("sw");
    const first = await deploy(kube, planFor("paris", "montreal", "tokyo"));
    assert.ok(first.result.ok, first.report);
    let c = await all();
    assert.deepEqual([claimsPrimary(c.paris), claimsPrimary(c.montreal), claimsPrimary(c.tokyo)], [true, false, false]);

    const over = await deploy(kube, planFor("tokyo", "paris", "montreal"));
    assert.ok(over.result.ok, over.report);
    assert.match(over.report, /switchover: paris → tokyo\n {2}current primary paris \(context site-a, namespace p-sw-\w+\) → new primary tokyo/);
    c = await all();
    assert.deepEqual([claimsPrimary(c.paris), claimsPrimary(c.montreal), claimsPrimary(c.tokyo)], [false, false, true], "exactly one primary: tokyo");
    assert.equal(c.tokyo.status.lastPromotionToken, c.paris.status.demotionToken, "promoted with the token paris produced");
    assert.equal(c.paris.spec.replica.primary, "pg-tokyo");
    assert.equal(c.montreal.spec.replica.primary, "pg-tokyo", "the other replica follows the new primary");
  });

  it("refuses when two sites claim primary, naming both, and writes nothing", async () => {
    const { planFor, all, claimSelf, kube } = await setup("two");
    assert.ok((await deploy(kube, planFor("paris", "montreal", "tokyo"))).result.ok);
    await claimSelf("montreal");
    const before = Object.values(await all()).map((x) => x.metadata.generation);
    const r = await deploy(kube, planFor("tokyo", "paris", "montreal"));
    assert.equal(r.result.ok, false);
    assert.match(r.report, /switchover refused: paris \(context site-a, namespace p-two-\w+\) and montreal \(context site-b, namespace m-two-\w+\) both claim to be primary.*nothing was changed/);
    assert.equal(r.result.summary, undefined, "the plan did not run");
    assert.deepEqual(Object.values(await all()).map((x) => x.metadata.generation), before);
    // The file's own order is refused too: montreal must be made a replica first.
    const same = await deploy(kube, planFor("paris", "montreal", "tokyo"));
    assert.equal(same.result.ok, false);
    assert.match(same.report, /both claim to be primary/);
  });
});
