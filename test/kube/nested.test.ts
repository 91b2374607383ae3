// PostgreSQL on a failover of failovers, checked and planned from topology text and deployed to a
// real kube-apiserver: one primary, a replica streaming from it on every other leaf. Four leaves
// are four namespaces over the test server's two contexts. The test plays CloudNativePG for the
// primary (certificates, then a healthy status through /status); nothing runs the replicas.
import assert from "node:assert/strict";
import * as path from "node:path";
import * as k8s from "@kubernetes/client-node";
import { TopologyWorkspace } from "../../language/analyzer";
import { applyPlan, formatSummary, openKube, planDeployment } from "../../engine/deploy";
import { runSuffix, testKubeConfig, type SiteContext } from "./kubeconfig";

const CNPG = { group: "postgresql.cnpg.io", version: "v1", plural: "clusters" };
const b64 = (s: string) => Buffer.from(s).toString("base64");

/** Stands in for the CloudNativePG operator of one cluster: its certificates once the Cluster exists, then healthy. */
async function cloudNativePgStandIn(context: SiteContext, namespace: string, name: string, instances: number): Promise<void> {
  const kc = testKubeConfig(context);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  for (let i = 0; i < 400; i++) {
    if (await custom.getNamespacedCustomObject({ ...CNPG, namespace, name }).catch(() => undefined)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await core.createNamespacedSecret({ namespace, body: { metadata: { name: `${name}-ca` }, data: { "ca.crt": b64("CA CERT"), "ca.key": b64("CA KEY") } } });
  await core.createNamespacedSecret({
    namespace,
    body: { metadata: { name: `${name}-replication` }, type: "kubernetes.io/tls", data: { "tls.crt": b64("CLIENT CERT"), "tls.key": b64("CLIENT KEY") } },
  });
  await custom.patchNamespacedCustomObjectStatus(
    { ...CNPG, namespace, name, body: { status: { phase: "Cluster in healthy state", readyInstances: instances, instances } } },
    k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
  );
}

describe("deploy higher-order topologies to a kube-apiserver", () => {
  const suffix = runSuffix();
  const ns = (leaf: string) => `${leaf}-nested-${suffix}`;

  it("deploys PostgreSQL with one primary on the root's primary leaf and a replica on every other leaf", async () => {
    const file = path.resolve(__dirname, "nested.topology.ts").replace(/\\/g, "/");
    const ws = new TopologyWorkspace();
    ws.setDocument(
      file,
      [
        `import { k8sAnywhere, failover, deploy, postgres } from "@harmony/topology";`,
        `const a1 = k8sAnywhere({ name: "a1", context: "site-a", namespace: "${ns("a1")}" });`,
        `const a2 = k8sAnywhere({ name: "a2", context: "site-a", namespace: "${ns("a2")}" });`,
        `const b1 = k8sAnywhere({ name: "b1", context: "site-b", namespace: "${ns("b1")}" });`,
        `const b2 = k8sAnywhere({ name: "b2", context: "site-b", namespace: "${ns("b2")}" });`,
        `export const world = failover({`,
        `  name: "world",`,
        `  primary: failover({ name: "east", primary: a1, replica: a2 }),`,
        `  replica: failover({ name: "west", primary: b1, replica: b2 }),`,
        `  publicHost: "pg.a1.example.com",`,
        `});`,
        `export const pg = deploy(world, postgres({ name: "pg", instances: 1, version: "17" }));`,
      ].join("\n"),
      1,
    );
    const analysis = ws.analyze(file);
    assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.message}`), []);
    const planned = planDeployment(analysis.model, "pg", analysis.diagnostics);
    assert.ok(planned.ok, planned.ok ? "" : planned.error);

    const opened = await openKube(process.env.HARMONY_TEST_KUBECONFIG!, ["site-a", "site-b"]);
    assert.ok(opened.ok, opened.ok ? "" : opened.error);
    const operator = cloudNativePgStandIn("site-a", ns("a1"), "pg", 1);
    const summary = await applyPlan(planned.plan, { kube: opened.kube, pollMs: 100, waitTimeoutMs: 20_000 });
    await operator;
    assert.ok(summary.ok, formatSummary(summary));

    const clusters = [
      ["site-a", "a1"],
      ["site-a", "a2"],
      ["site-b", "b1"],
      ["site-b", "b2"],
    ] as const;
    const read = await Promise.all(
      clusters.map(async ([context, leaf]) => {
        const custom = testKubeConfig(context).makeApiClient(k8s.CustomObjectsApi);
        return (await custom.getNamespacedCustomObject({ ...CNPG, namespace: ns(leaf), name: "pg" })) as any;
      }),
    );
    assert.deepEqual(read[0].spec.replica, { primary: "pg-a1", self: "pg-a1", source: "pg-a2" }, "a1, the root's primary leaf, is the primary");
    for (const [i, replica] of read.slice(1).entries()) {
      assert.deepEqual(replica.spec.replica, { primary: "pg-a1", self: `pg-${clusters[i + 1][1]}`, source: "pg-a1" });
      assert.equal(replica.spec.externalClusters[0].connectionParameters.host, "pg.a1.example.com");
      const core = testKubeConfig(replica.metadata.namespace.startsWith("a") ? "site-a" : "site-b").makeApiClient(k8s.CoreV1Api);
      const ca = await core.readNamespacedSecret({ namespace: replica.metadata.namespace, name: "pg-primary-ca" });
      assert.deepEqual(Object.keys(ca.data ?? {}), ["ca.crt"], "the CA's private key stays on the primary");
    }

    const again = await applyPlan(planned.plan, { kube: opened.kube, pollMs: 100 });
    assert.ok(again.ok, formatSummary(again));
    assert.ok(again.objects.every((o) => o.outcome === "unchanged"), formatSummary(again));
  });

  it("deploys an app to every site of a multisite", async () => {
    const file = path.resolve(__dirname, "multisite.topology.ts").replace(/\\/g, "/");
    const ws = new TopologyWorkspace();
    ws.setDocument(
      file,
      [
        `import { k8sAnywhere, multisite, deploy, k8sApp } from "@harmony/topology";`,
        `export const world = multisite({ name: "world", sites: [`,
        `  k8sAnywhere({ name: "paris", context: "site-a", namespace: "${ns("paris")}" }),`,
        `  k8sAnywhere({ name: "montreal", context: "site-b", namespace: "${ns("montreal")}" }),`,
        `  k8sAnywhere({ name: "tokyo", context: "site-a", namespace: "${ns("tokyo")}" }),`,
        `] });`,
        `export const web = deploy(world, k8sApp({ name: "web", image: "nginx:1.27", replicas: 2, port: 8080 }));`,
      ].join("\n"),
      1,
    );
    const analysis = ws.analyze(file);
    assert.deepEqual(analysis.diagnostics.map((d) => `${d.code} ${d.message}`), []);
    const planned = planDeployment(analysis.model, "web", analysis.diagnostics);
    assert.ok(planned.ok, planned.ok ? "" : planned.error);
    const opened = await openKube(process.env.HARMONY_TEST_KUBECONFIG!, ["site-a", "site-b"]);
    assert.ok(opened.ok, opened.ok ? "" : opened.error);
    const summary = await applyPlan(planned.plan, { kube: opened.kube, pollMs: 100 });
    assert.ok(summary.ok, formatSummary(summary));
    for (const [context, site] of [["site-a", "paris"], ["site-b", "montreal"], ["site-a", "tokyo"]] as const) {
      const apps = testKubeConfig(context).makeApiClient(k8s.AppsV1Api);
      const deployment = await apps.readNamespacedDeployment({ namespace: ns(site), name: "web" });
      assert.equal(deployment.spec?.replicas, 2, site);
      assert.equal(deployment.spec?.template.spec?.containers[0].image, "nginx:1.27");
      const service = await testKubeConfig(context).makeApiClient(k8s.CoreV1Api).readNamespacedService({ namespace: ns(site), name: "web" });
      assert.equal(service.spec?.ports?.[0].port, 8080);
    }
  });
});
