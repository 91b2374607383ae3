// `--to SIDE`: the model as if the topology file named SIDE primary, for a switchover asked for on
// the command line. Every failover on the way from the deployment's topology down to SIDE puts the
// branch holding SIDE first, so nested failovers get exactly one primary, as the planner reads them.
import type { Topology, TopologyModel } from "../../shared/model";
import { findDeployment } from "./planner";

export type TargetModel = { ok: true; model: TopologyModel; changed: boolean } | { ok: false; error: string };

/** The model with `site` (a leaf topology's name) as the primary of deployment `name`'s failover. */
export function modelWithPrimary(model: TopologyModel, name: string, site: string): TargetModel {
  const deployment = findDeployment(model, name);
  const byId = new Map(model.topologies.map((t) => [t.id, t]));
  const root = byId.get(deployment?.topology ?? "");
  if (!deployment || !root) return { ok: false, error: `no deployment "${name}" in ${model.file}` };
  if (root.kind !== "failover") return { ok: false, error: `deployment "${name}" runs on ${root.kind} "${root.name}", not on a failover: it has no sides to switch` };
  const leaves: string[] = [];
  const swaps = new Set<string>();
  const walk = (t: Topology | undefined): boolean => {
    if (!t) return false;
    if (t.kind !== "failover") {
      leaves.push(t.name);
      return t.name === site;
    }
    const inPrimary = walk(byId.get(t.primary ?? ""));
    const inReplica = walk(byId.get(t.replica ?? ""));
    if (inReplica) swaps.add(t.id);
    return inPrimary || inReplica;
  };
  if (!walk(root)) return { ok: false, error: `"${site}" is not a side of ${root.name}; its sides: ${leaves.join(", ")}` };
  const topologies = model.topologies.map((t) => (swaps.has(t.id) ? { ...t, primary: t.replica, replica: t.primary } : t));
  return { ok: true, model: { ...model, topologies }, changed: swaps.size > 0 };
}
