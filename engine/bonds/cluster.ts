// NodeNetworkStates read from a cluster (nmstate.io/v1beta1, cluster-scoped). The client library is
// loaded only here, so reading YAML files never pays for it.
import {
  NMSTATE_GROUP,
  NODE_NETWORK_STATE_PLURAL,
  NODE_NETWORK_STATE_VERSION,
  type NodeNetworkState,
} from "../../shared/model";
import type { NodeNetworkStatesRead } from "./read";

export interface ClusterSource {
  /** Kubeconfig path; empty means `KUBECONFIG`, else `~/.kube/config`. */
  kubeconfig?: string;
  /** Context to use; empty means the kubeconfig's current context. */
  context?: string;
}

function statusOf(e: unknown): number | undefined {
  const code = (e as { code?: unknown })?.code;
  return typeof code === "number" ? code : undefined;
}

/** Lists every NodeNetworkState of the cluster; errors come back as a message a user can act on. */
export async function fetchNodeNetworkStates(source: ClusterSource): Promise<NodeNetworkStatesRead> {
  const k8s = await import("@kubernetes/client-node");
  const kc = new k8s.KubeConfig();
  const where = source.kubeconfig || "the default kubeconfig";
  try {
    if (source.kubeconfig) kc.loadFromFile(source.kubeconfig);
    else kc.loadFromDefault();
  } catch (e) {
    return { ok: false, error: `cannot read kubeconfig ${where}: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (source.context) {
    if (!kc.getContexts().some((c) => c.name === source.context)) {
      const names = kc.getContexts().map((c) => c.name);
      return { ok: false, error: `context \`${source.context}\` not found in ${where}; contexts there: ${names.join(", ") || "none"}` };
    }
    kc.setCurrentContext(source.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) return { ok: false, error: `${where} has no current context; pass one that names a cluster` };
  const api = kc.makeApiClient(k8s.CustomObjectsApi);
  try {
    const list = (await api.listClusterCustomObject({
      group: NMSTATE_GROUP,
      version: NODE_NETWORK_STATE_VERSION,
      plural: NODE_NETWORK_STATE_PLURAL,
    })) as { items?: NodeNetworkState[] };
    return { ok: true, states: (list.items ?? []).map((s) => ({ ...s, kind: "NodeNetworkState" })) };
  } catch (e) {
    const status = statusOf(e);
    const base = `cannot list NodeNetworkStates on ${cluster.server} (context ${kc.getCurrentContext()})`;
    if (status === 404) {
      return { ok: false, error: `${base}: the cluster has no ${NMSTATE_GROUP}/${NODE_NETWORK_STATE_VERSION} NodeNetworkState resource; is the kubernetes-nmstate operator installed?` };
    }
    if (status === 401 || status === 403) {
      return { ok: false, error: `${base}: access denied (HTTP ${status}); the user needs list on ${NODE_NETWORK_STATE_PLURAL}.${NMSTATE_GROUP}` };
    }
    const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
    return { ok: false, error: `${base}: ${message}` };
  }
}
