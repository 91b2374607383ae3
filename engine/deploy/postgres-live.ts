// The live side of a failover PostgreSQL: each side's Cluster as its cluster has it now, and which
// side claims to be primary. Read before a deploy plans a switchover, and shown as status.
import { isAbort, type Kube } from "./kube";
import { CNPG_API_VERSION } from "./manifests";
import { describeTarget, type KubeObject, type KubeTarget, type Plan } from "./plan";

/** One side of a failover PostgreSQL as the plan wants it. */
export interface PostgresSide {
  /** The leaf topology's name. */
  site: string;
  /** Its name among the distributed topology's external clusters. */
  entry: string;
  target: KubeTarget;
  /** The Cluster's name. */
  cluster: string;
  /** The side the topology file makes it. */
  role: "primary" | "replica";
  /** The Cluster the plan applies there. */
  desired: KubeObject;
}

export type LiveCluster =
  | { state: "absent" }
  | { state: "present"; object: KubeObject }
  | { state: "unreachable"; reason: string };

export interface LiveSide extends PostgresSide {
  live: LiveCluster;
}

type Spec = { replica?: { enabled?: boolean; primary?: string; self?: string; source?: string; promotionToken?: string } };
type Status = { phase?: string; demotionToken?: string; lastPromotionToken?: string; timelineID?: number };

export const specOf = (o: KubeObject): Spec => (o.spec ?? {}) as Spec;
export const statusOf = (o: KubeObject): Status => (o.status ?? {}) as Status;

/** The failover sides of a PostgreSQL plan, primary first; empty for anything else. */
export function postgresSides(plan: Plan): PostgresSide[] {
  const sides: PostgresSide[] = [];
  for (const step of plan.steps) {
    if (step.action !== "apply" || !step.side || !step.site) continue;
    for (const o of step.objects) {
      const replica = specOf(o).replica;
      if (o.apiVersion !== CNPG_API_VERSION || o.kind !== "Cluster" || !replica?.self) continue;
      sides.push({ site: step.site, entry: replica.self, target: step.target, cluster: o.metadata.name, role: step.side, desired: o });
    }
  }
  return sides.sort((a, b) => (a.role === b.role ? 0 : a.role === "primary" ? -1 : 1));
}

/**
 * Whether a live Cluster says it is primary: no replica section, `replica.enabled: false`, or
 * (distributed topology) `replica.primary` naming itself.
 */
export function claimsPrimary(o: KubeObject): boolean {
  const r = specOf(o).replica;
  if (!r) return true;
  if (r.primary) return r.primary === (r.self ?? o.metadata.name);
  return r.enabled === false;
}

/** Whether a live Cluster still uses the replica-cluster form that the distributed topology replaces. */
export function usesReplicaEnabled(o: KubeObject): boolean {
  const r = specOf(o).replica;
  return r?.enabled !== undefined && !r.primary;
}

/** Reads every side's Cluster; a side whose API server cannot be read is `unreachable`, with why. */
export async function readLiveSides(sides: readonly PostgresSide[], kube: Kube, signal?: AbortSignal): Promise<LiveSide[]> {
  return Promise.all(
    sides.map(async (side): Promise<LiveSide> => {
      try {
        const client = kube.client(side.target.context);
        const o = await client.get(CNPG_API_VERSION, "Cluster", side.target.namespace || client.defaultNamespace, side.cluster, signal);
        return { ...side, live: o ? { state: "present", object: o } : { state: "absent" } };
      } catch (e) {
        // A deadline that passes while reading leaves the side unknown, as an unanswered request does.
        if (isAbort(e) && !signal?.aborted) throw e;
        return { ...side, live: { state: "unreachable", reason: e instanceof Error ? e.message.split("\n")[0] : String(e) } };
      }
    }),
  );
}

/** `site-a (context site-a, namespace shop)`. */
export function describeSide(s: PostgresSide): string {
  return `${s.site} (${describeTarget(s.target)})`;
}

/** One line per side: what the cluster says now, for the CLI and the designer's status. */
export function liveStatusLines(sides: readonly LiveSide[]): string[] {
  return sides.map((s) => {
    const what =
      s.live.state === "absent"
        ? "not deployed"
        : s.live.state === "unreachable"
          ? `unreachable: ${s.live.reason}`
          : claimsPrimary(s.live.object)
            ? "live primary"
            : `replica of ${specOf(s.live.object).replica?.primary ?? specOf(s.live.object).replica?.source ?? "?"}`;
    return `${describeSide(s)}: ${what}${s.role === "primary" ? " — the file's primary" : ""}`;
  });
}
