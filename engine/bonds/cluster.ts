// NodeNetworkStates read from a cluster (nmstate.io/v1beta1, cluster-scoped), through the same
// kubeconfig loading and REST client as deploys: one kubeconfig resolution, one set of timeouts.
import {
  NMSTATE_GROUP,
  NODE_NETWORK_STATE_PLURAL,
  NODE_NETWORK_STATE_VERSION,
  type NodeNetworkState,
} from "../../shared/model";
import { redact } from "../../shared/redact";
import { KubeError, openKube, type RequestLimits } from "../deploy/kube";
import type { NodeNetworkStatesRead } from "./read";

export interface ClusterSource {
  /** Kubeconfig path; empty means every path of `KUBECONFIG`, else `~/.kube/config`. */
  kubeconfig?: string;
  /** Context to use; empty means the kubeconfig's current context. */
  context?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  signal?: AbortSignal;
  limits?: Partial<RequestLimits>;
}

/** A single read retries little: a person is waiting, and nothing half-done needs finishing. */
const READ_RETRY = { attempts: 2, baseMs: 200, maxMs: 1000 };

/** The context and server a read would use, found without asking the cluster. */
export async function clusterOf(source: ClusterSource): Promise<{ ok: true; context: string; server: string } | { ok: false; error: string }> {
  const opened = await openKube(source.kubeconfig, [source.context ?? ""], { env: source.env, cwd: source.cwd });
  if (!opened.ok) return opened;
  try {
    const client = opened.kube.client(source.context ?? "");
    return { ok: true, context: client.context, server: client.server };
  } catch (e) {
    return { ok: false, error: redact(e instanceof Error ? e.message : String(e)) };
  } finally {
    opened.kube.close();
  }
}

/** Lists every NodeNetworkState of the cluster; errors come back as a message a user can act on. */
export async function fetchNodeNetworkStates(source: ClusterSource): Promise<NodeNetworkStatesRead> {
  const opened = await openKube(source.kubeconfig, [source.context ?? ""], { env: source.env, cwd: source.cwd, retry: READ_RETRY, limits: source.limits });
  if (!opened.ok) return opened;
  const { kube } = opened;
  let base = "cannot list NodeNetworkStates";
  try {
    const client = kube.client(source.context ?? "");
    base = `cannot list NodeNetworkStates on ${client.server} (context ${client.context})`;
    const states = await client.list(`${NMSTATE_GROUP}/${NODE_NETWORK_STATE_VERSION}`, "NodeNetworkState", undefined, source.signal);
    return { ok: true, states: states as unknown as NodeNetworkState[] };
  } catch (e) {
    if (e instanceof KubeError && (e.status === 401 || e.status === 403)) {
      return { ok: false, error: redact(`${base}: access denied (HTTP ${e.status}); the user needs list on ${NODE_NETWORK_STATE_PLURAL}.${NMSTATE_GROUP}`) };
    }
    return { ok: false, error: redact(`${base}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`) };
  } finally {
    kube.close();
  }
}
