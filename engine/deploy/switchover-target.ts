// `--to SIDE`: the model as if the topology file named SIDE primary, for a switchover asked for on
// the command line. Every failover or multisite on the way from the deployment's topology down to
// SIDE puts the branch holding SIDE first, so nested groups get exactly one primary, as the planner
// reads them.
import type { Topology, TopologyModel } from "../../shared/model";
import { findDeployment } from "./planner";

export type TargetModel = { ok: true; model: TopologyModel; changed: boolean } | { ok: false; error: string };

/** The model with `site` (a leaf topology's name) as the primary of deployment `name`'s failover. */
export function modelWithPrimary(model: TopologyModel, name: string, site: string): TargetModel {
  const deployment = findDeployment(model, name);
  const byId = new Map(model.topologies.map((t) => [t.id, t]));
  const root = byId.get(deployment?.topology ?? "");
  if (!deployment || !root) return { ok: false, error: `no deployment "${name}" in ${model.file}` };
  if (root.kind !== "failover" && root.kind !== "multisite") return { ok: false, error: `deployment "${name}" runs on ${root.kind} "${root.name}", not on a failover or a multisite: it has no sides to switch` };
  const leaves: string[] = [];
  // By group id: the index of the part holding SIDE, when it is not the first.
  const moves = new Map<string, number>();
  const walk = (t: Topology | undefined): boolean => {
    if (!t) return false;
    const parts = t.kind === "failover" ? [t.primary, t.replica] : t.kind === "multisite" ? (t.sites ?? []) : undefined;
    if (!parts) {
      leaves.push(t.name);
      return t.name === site;
    }
    const found = parts.map((id) => walk(byId.get(id ?? "")));
    const at = found.indexOf(true);
    if (at > 0) moves.set(t.id, at);
    return at >= 0;
  };
  if (!walk(root)) return { ok: false, error: `"${site}" is not a side of ${root.name}; its sides: ${leaves.join(", ")}` };
  const topologies = model.topologies.map((t) => {
    const at = moves.get(t.id);
    if (at === undefined) return t;
    if (t.kind === "failover") return { ...t, primary: t.replica, replica: t.primary };
    const sites = [...(t.sites ?? [])];
    sites.unshift(...sites.splice(at, 1));
    return { ...t, sites };
  });
  return { ok: true, model: { ...model, topologies }, changed: moves.size > 0 };
}
