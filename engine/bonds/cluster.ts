// NodeNetworkStates read from a cluster (nmstate.io/v1beta1, cluster-scoped), through the same
// kubeconfig loading and REST client as deploys: one kubeconfig resolution, one set of timeouts.
import {
  NMSTATE_GROUP,
  NODE_NETWORK_STATE_PLURAL,
  NODE_NETWORK_STATE_VERSION,
  excerpt,
  type NodeNetworkState,
} from "../../shared/model";
import { redact } from "../../shared/redact";
import { KubeError, openKube, type ContextClient, type RequestLimits } from "../deploy/kube";
import type { NodeAddresses } from "./lockout";
import { checkNodeNetworkState } from "./nns-schema";
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

/**
 * The Nodes' InternalIPs, for the lockout check. A user who may read NodeNetworkStates but not
 * Nodes still gets the diff: the check then goes by routes and links alone, and says so.
 */
async function nodeAddresses(client: ContextClient, signal?: AbortSignal): Promise<{ ok: true; nodes: NodeAddresses[] } | { ok: false; note: string }> {
  try {
    const nodes = await client.list("v1", "Node", undefined, signal);
    return {
      ok: true,
      nodes: nodes.map((n) => {
        const addresses = ((n as { status?: { addresses?: { type?: string; address?: string }[] } }).status?.addresses ?? []);
        return { node: n.metadata.name, internalIPs: addresses.filter((a) => a.type === "InternalIP" && a.address).map((a) => a.address!) };
      }),
    };
  } catch (e) {
    if (signal?.aborted) throw e;
    const why = e instanceof KubeError && (e.status === 401 || e.status === 403) ? `access denied (HTTP ${e.status})` : e instanceof Error ? e.message.split("\n")[0] : String(e);
    return { ok: false, note: redact(`cannot list Nodes (${why}): the lockout check goes without their InternalIPs`) };
  }
}

/** Lists every NodeNetworkState of the cluster, and the Nodes' InternalIPs; errors come back as a message a user can act on. */
export async function fetchNodeNetworkStates(source: ClusterSource): Promise<NodeNetworkStatesRead> {
  const opened = await openKube(source.kubeconfig, [source.context ?? ""], { env: source.env, cwd: source.cwd, retry: READ_RETRY, limits: source.limits });
  if (!opened.ok) return opened;
  const { kube } = opened;
  let base = "cannot list NodeNetworkStates";
  try {
    const client = kube.client(source.context ?? "");
    base = `cannot list NodeNetworkStates on ${client.server} (context ${client.context})`;
    const listed = await client.list(`${NMSTATE_GROUP}/${NODE_NETWORK_STATE_VERSION}`, "NodeNetworkState", undefined, source.signal);
    // Checked as a file's states are: a malformed one is named with its field, not a failure deep in the differ.
    const states: NodeNetworkState[] = [];
    for (const o of listed) {
      const checked = checkNodeNetworkState(o);
      if (!checked.ok) return { ok: false, error: redact(`${base}: NodeNetworkState ${excerpt(String(o.metadata?.name ?? "(no name)"))} is malformed: ${checked.error}`) };
      states.push(checked.state);
    }
    const nodes = await nodeAddresses(client, source.signal);
    return nodes.ok ? { ok: true, states, nodes: nodes.nodes } : { ok: true, states, notes: [nodes.note] };
  } catch (e) {
    if (e instanceof KubeError && (e.status === 401 || e.status === 403)) {
      return { ok: false, error: redact(`${base}: access denied (HTTP ${e.status}); the user needs list on ${NODE_NETWORK_STATE_PLURAL}.${NMSTATE_GROUP}`) };
    }
    return { ok: false, error: redact(`${base}: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`) };
  } finally {
    kube.close();
  }
}
