// After the policies are applied, nmstate on each node configures it, checks it can still reach its
// gateway and the API server, and rolls back if not; it says how that went in one
// NodeNetworkConfigurationEnactment per node and policy, and in the policy's conditions. This reads
// both until every node has settled, or the time is up, and tells each node's outcome honestly.
// Polling rather than a watch: a handful of objects every two seconds, and no stream to resume.
import type { ContextClient } from "../deploy/kube";
import { isAbort, sleep } from "../deploy/kube";

export const ENACTMENT_API_VERSION = "nmstate.io/v1beta1";
export const POLICY_API_VERSION = "nmstate.io/v1";
export const DEFAULT_FOLLOW_TIMEOUT_MS = 5 * 60_000;
const DEFAULT_POLL_MS = 2_000;

/** One policy applied for one host, whose node nmstate will configure. */
export interface FollowTarget {
  host: string;
  node: string;
  policy: string;
}

/** An enactment's state, as nmstate names its conditions; `Unknown` before the handler writes any. */
export type EnactmentState = "Available" | "Failing" | "Aborted" | "Pending" | "Progressing" | "Unknown";

const SETTLED: ReadonlySet<EnactmentState> = new Set(["Available", "Failing", "Aborted"]);

export interface NodeOutcome extends FollowTarget {
  state: EnactmentState;
  settled: boolean;
  /** nmstate's own words for a failing or aborted node; the reason otherwise, when it gives one. */
  message?: string;
}

export interface PolicyConditions {
  policy: string;
  /** The conditions that are True: Available, Degraded, Progressing. */
  conditions: string[];
  message?: string;
}

export interface FollowResult {
  nodes: NodeOutcome[];
  policies: PolicyConditions[];
  /** Every node settled Available. */
  ok: boolean;
  cancelled: boolean;
  timedOut: boolean;
  elapsedMs: number;
}

export interface FollowOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  pollMs?: number;
  /** Each time a node's state changes. */
  onChange?: (node: NodeOutcome) => void;
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

function conditionsOf(o: unknown): Condition[] {
  const c = (o as { status?: { conditions?: unknown } } | undefined)?.status?.conditions;
  return Array.isArray(c) ? (c as Condition[]) : [];
}

/** The enactment's state: the True condition that says most, a settled one first. */
export function enactmentState(enactment: unknown, policyGeneration?: number): { state: EnactmentState; message?: string } {
  if (!enactment) return { state: "Unknown" };
  // An enactment left from an earlier apply of the policy says nothing of this one.
  const seen = (enactment as { status?: { policyGeneration?: unknown } }).status?.policyGeneration;
  if (typeof seen === "number" && policyGeneration !== undefined && seen < policyGeneration) {
    return { state: "Pending", message: `nmstate has not taken generation ${policyGeneration} of the policy yet` };
  }
  const trueOnes = conditionsOf(enactment).filter((c) => c.status === "True");
  for (const type of ["Failing", "Aborted", "Available", "Progressing", "Pending"] as const) {
    const c = trueOnes.find((x) => x.type === type);
    if (c) return { state: type, message: c.message || c.reason || undefined };
  }
  return { state: "Unknown" };
}

function enactmentName(t: FollowTarget): string {
  return `${t.node}.${t.policy}`;
}

/** Follows the nodes of `targets` until all settle, the timeout passes, or `signal` cancels (the apply stays). */
export async function followBondApply(client: ContextClient, targets: readonly FollowTarget[], opts: FollowOptions = {}): Promise<FollowResult> {
  const start = Date.now();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_FOLLOW_TIMEOUT_MS;
  const nodes: NodeOutcome[] = targets.map((t) => ({ ...t, state: "Unknown", settled: false }));
  const policies = new Map<string, PolicyConditions>();
  let cancelled = false;
  let timedOut = false;
  const expired = new AbortController();
  const timer = setTimeout(() => expired.abort(), timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, expired.signal]) : expired.signal;
  try {
    for (;;) {
      const generations = new Map<string, number | undefined>();
      for (const name of new Set(targets.map((t) => t.policy))) {
        const policy = await client.get(POLICY_API_VERSION, "NodeNetworkConfigurationPolicy", undefined, name, signal);
        const generation = (policy?.metadata as { generation?: unknown } | undefined)?.generation;
        generations.set(name, typeof generation === "number" ? generation : undefined);
        const trueOnes = conditionsOf(policy).filter((c) => c.status === "True");
        policies.set(name, { policy: name, conditions: trueOnes.map((c) => c.type ?? "?"), message: trueOnes.find((c) => c.message)?.message });
      }
      for (const n of nodes) {
        if (n.settled) continue;
        const enactment = await client.get(ENACTMENT_API_VERSION, "NodeNetworkConfigurationEnactment", undefined, enactmentName(n), signal);
        const next = enactmentState(enactment, generations.get(n.policy));
        if (next.state !== n.state || next.message !== n.message) {
          n.state = next.state;
          n.message = next.message;
          n.settled = SETTLED.has(next.state);
          opts.onChange?.({ ...n });
        }
      }
      if (nodes.every((n) => n.settled)) break;
      await sleep(opts.pollMs ?? DEFAULT_POLL_MS, signal);
    }
  } catch (e) {
    if (!isAbort(e)) throw e;
    if (opts.signal?.aborted) cancelled = true;
    else timedOut = true;
  } finally {
    clearTimeout(timer);
  }
  return {
    nodes,
    policies: [...policies.values()],
    ok: nodes.every((n) => n.state === "Available"),
    cancelled,
    timedOut,
    elapsedMs: Date.now() - start,
  };
}

function duration(ms: number): string {
  return ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${Math.round(ms / 1000)} s`;
}

/** One line per node: its state, and nmstate's message for a node that failed. */
export function formatFollow(result: FollowResult): string {
  const lines = result.nodes.map((n) => {
    const what = n.settled ? n.state : `still ${n.state === "Unknown" ? "not picked up by nmstate" : n.state}`;
    const why = n.message && (n.state !== "Available" || !n.settled) ? ` — ${n.message}` : "";
    return `${n.host} (node ${n.node}): ${what}${why}`;
  });
  const failed = result.nodes.filter((n) => n.state === "Failing" || n.state === "Aborted").length;
  const waiting = result.nodes.filter((n) => !n.settled).length;
  const head = result.cancelled
    ? `Stopped following after ${duration(result.elapsedMs)}; the policies stay applied and nmstate carries on`
    : result.timedOut
      ? `${waiting} node(s) not settled after ${duration(result.elapsedMs)}`
      : failed
        ? `${failed} of ${result.nodes.length} node(s) failed to take their bond`
        : `Every node took its bond (${duration(result.elapsedMs)})`;
  const degraded = result.policies.filter((p) => p.conditions.includes("Degraded")).map((p) => `policy ${p.policy}: Degraded${p.message ? ` — ${p.message}` : ""}`);
  return [head + ":", ...[...lines, ...degraded].map((l) => `  ${l}`)].join("\n");
}
