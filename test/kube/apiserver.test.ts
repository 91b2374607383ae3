// The test server behaves like a real cluster for what Harmony's kube applier does: server-side
// apply with field managers on a CloudNativePG Cluster, and status written through /status.
import assert from "node:assert/strict";
import * as k8s from "@kubernetes/client-node";
import { ensureNamespace, runSuffix, testKubeConfig } from "./kubeconfig";

interface CnpgCluster extends k8s.KubernetesObject {
  spec?: { instances?: number; imageName?: string; storage?: { size?: string } };
  status?: { phase?: string; readyInstances?: number; currentPrimary?: string };
}

const namespace = "site-a";
const group = "postgresql.cnpg.io";
const version = "v1";
const plural = "clusters";

// The tests share one Cluster object and run in order: apply it, then write its status.
describe("the test Kubernetes API server", () => {
  // Made in `before`: the server (and its kubeconfig) exists only once the global setup has run.
  let objects: k8s.KubernetesObjectApi;
  let custom: k8s.CustomObjectsApi;
  const name = `orders-db-${runSuffix()}`;

  const desired = (): CnpgCluster => ({
    apiVersion: `${group}/${version}`,
    kind: "Cluster",
    metadata: { name, namespace },
    spec: { instances: 2, imageName: "ghcr.io/cloudnative-pg/postgresql:16", storage: { size: "10Gi" } },
  });

  const header = () => ({ apiVersion: `${group}/${version}`, kind: "Cluster", metadata: { name, namespace } });

  before(async () => {
    const kc = testKubeConfig("site-a");
    objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    custom = kc.makeApiClient(k8s.CustomObjectsApi);
    await ensureNamespace(kc, namespace);
  });

  after(async () => {
    await objects?.delete(desired()).catch(() => undefined);
  });

  it("server-side applies a CloudNativePG Cluster and records harmony as its field manager", async () => {
    await objects.patch(desired(), undefined, undefined, "harmony", true, k8s.PatchStrategy.ServerSideApply);

    const read = await objects.read<CnpgCluster>(header());
    assert.equal(read.metadata?.namespace, "site-a");
    assert.equal(read.spec?.instances, 2);
    assert.equal(read.spec?.storage?.size, "10Gi");
    assert.equal(read.spec?.imageName, "ghcr.io/cloudnative-pg/postgresql:16");
    const managers = (read.metadata?.managedFields ?? []).map((f) => [f.manager, f.operation]);
    assert.deepEqual(managers, [["harmony", "Apply"]]);
  });

  it("stores status written through the /status subresource and leaves the spec alone", async () => {
    const status = { phase: "Cluster in healthy state", readyInstances: 2, currentPrimary: `${name}-1` };
    await custom.patchNamespacedCustomObjectStatus(
      { group, version, namespace, plural, name, body: { status }, fieldManager: "cloudnative-pg" },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
    );

    const read = (await custom.getNamespacedCustomObjectStatus({ group, version, namespace, plural, name })) as CnpgCluster;
    assert.deepEqual(read.status, status);
    assert.equal(read.spec?.instances, 2);
  });

  it("ignores status sent with the object itself, as for any resource with a status subresource", async () => {
    await custom.patchNamespacedCustomObjectStatus(
      { group, version, namespace, plural, name, body: { status: { phase: "Cluster in healthy state" } } },
      k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
    );
    await objects.patch(
      { ...desired(), status: { phase: "written by the applier" } },
      undefined,
      undefined,
      "harmony",
      true,
      k8s.PatchStrategy.ServerSideApply,
    );

    const read = await objects.read<CnpgCluster>(header());
    assert.equal(read.status?.phase, "Cluster in healthy state");
  });
});
