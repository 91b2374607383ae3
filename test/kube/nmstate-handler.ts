// A stand-in for the nmstate handler, which cannot run on the test server (no nodes, no
// NetworkManager): it writes what the handler would — NodeNetworkStates, each node's
// NodeNetworkConfigurationEnactment and the policy's conditions — through the `/status`
// subresource, so tests see what the product does with them.
import * as k8s from "@kubernetes/client-node";
import type { NodeNetworkState } from "../../shared/model";

const group = "nmstate.io";
const merge = k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch);

export type EnactmentCondition = "Available" | "Failing" | "Pending" | "Progressing" | "Aborted";

function conditions(trueOne: EnactmentCondition, message: string) {
  const now = new Date().toISOString();
  return (["Available", "Failing", "Pending", "Progressing", "Aborted"] as const).map((type) => ({
    type,
    status: type === trueOne ? "True" : "False",
    reason: type === trueOne ? `${type === "Available" ? "SuccessfullyConfigured" : type === "Failing" ? "FailedToConfigure" : type}` : "",
    message: type === trueOne ? message : "",
    lastHeartbeatTime: now,
    lastTransitionTime: now,
  }));
}

export class NmstateHandlerStandIn {
  private readonly custom: k8s.CustomObjectsApi;
  private readonly core: k8s.CoreV1Api;
  private readonly created: { plural: string; version: string; name: string }[] = [];
  private readonly nodes: string[] = [];

  constructor(kc: k8s.KubeConfig) {
    this.custom = kc.makeApiClient(k8s.CustomObjectsApi);
    this.core = kc.makeApiClient(k8s.CoreV1Api);
  }

  /** The Node object, with its InternalIP in status (as the kubelet reports it). */
  async node(name: string, internalIP: string): Promise<void> {
    await this.core.createNode({ body: { metadata: { name } } });
    this.nodes.push(name);
    await this.core.patchNodeStatus({ name, body: { status: { addresses: [{ type: "InternalIP", address: internalIP }, { type: "Hostname", address: name }] } } }, merge);
  }

  /** A node's NodeNetworkState, its currentState written through /status. */
  async reportState(name: string, status: NodeNetworkState["status"]): Promise<void> {
    await this.custom.createClusterCustomObject({ group, version: "v1beta1", plural: "nodenetworkstates", body: { apiVersion: `${group}/v1beta1`, kind: "NodeNetworkState", metadata: { name } } });
    this.created.push({ plural: "nodenetworkstates", version: "v1beta1", name });
    await this.custom.patchClusterCustomObjectStatus({ group, version: "v1beta1", plural: "nodenetworkstates", name, body: { status } }, merge);
  }

  /** Waits until the policy exists (the product applied it) and returns its generation. */
  async policyApplied(policy: string, timeoutMs = 20_000): Promise<number> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      try {
        const p = (await this.custom.getClusterCustomObject({ group, version: "v1", plural: "nodenetworkconfigurationpolicies", name: policy })) as { metadata: { generation: number } };
        if (!this.created.some((c) => c.name === policy)) this.created.push({ plural: "nodenetworkconfigurationpolicies", version: "v1", name: policy });
        return p.metadata.generation;
      } catch (e) {
        if (!(e instanceof k8s.ApiException && e.code === 404) || Date.now() > until) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  /** The node's enactment of the policy, in the given state, for the given policy generation. */
  async enact(node: string, policy: string, state: EnactmentCondition, message: string, policyGeneration: number): Promise<void> {
    const name = `${node}.${policy}`;
    const plural = "nodenetworkconfigurationenactments";
    try {
      await this.custom.createClusterCustomObject({
        group,
        version: "v1beta1",
        plural,
        body: { apiVersion: `${group}/v1beta1`, kind: "NodeNetworkConfigurationEnactment", metadata: { name, labels: { "nmstate.io/node": node, "nmstate.io/policy": policy } } },
      });
      this.created.push({ plural, version: "v1beta1", name });
    } catch (e) {
      if (!(e instanceof k8s.ApiException && e.code === 409)) throw e;
    }
    await this.custom.patchClusterCustomObjectStatus({ group, version: "v1beta1", plural, name, body: { status: { policyGeneration, conditions: conditions(state, message) } } }, merge);
  }

  /** The policy's own conditions, as the handler sums its enactments up. */
  async policyStatus(policy: string, trueOne: "Available" | "Degraded" | "Progressing", message: string): Promise<void> {
    const now = new Date().toISOString();
    const status = {
      conditions: (["Available", "Degraded", "Progressing"] as const).map((type) => ({ type, status: type === trueOne ? "True" : "False", reason: "", message: type === trueOne ? message : "", lastHeartbeatTime: now, lastTransitionTime: now })),
    };
    await this.custom.patchClusterCustomObjectStatus({ group, version: "v1", plural: "nodenetworkconfigurationpolicies", name: policy, body: { status } }, merge);
  }

  /** Deletes everything it and the product created here. */
  async cleanUp(): Promise<void> {
    for (const c of this.created.splice(0).reverse()) {
      await this.custom.deleteClusterCustomObject({ group, version: c.version, plural: c.plural, name: c.name }).catch(() => undefined);
    }
    for (const n of this.nodes.splice(0)) await this.core.deleteNode({ name: n }).catch(() => undefined);
  }
}
