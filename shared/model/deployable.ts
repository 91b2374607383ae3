// Whether the deploy planner can plan a deployment, decided from the model alone. The checker
// reports the answer at edit time (HARMONY1004) and the planner refuses with the same words, so a
// deployment that checks clean always plans: both ask this one function.
import { bondBlocker } from "./bond-shape";
import { hostDeploymentProblem } from "./container";
import { excerpt } from "./excerpt";
import { kindSpec } from "./kinds";
import { isUnevaluated, type Deployment, type Score, type SpecValue, type Topology, type TopologyModel } from "./topology";

/** Why a deployment cannot be planned: a message a user can act on. */
export interface DeployBlocker {
  message: string;
  /** The argument of `deploy(topology, score)` the reason is about. */
  about: "topology" | "score";
  /** True when the reason is that the argument itself could not be resolved. */
  unresolved?: true;
}

/** A model's topologies and scores by id: callers asking for many deployments build it once. */
export interface ModelIndex {
  topologies: ReadonlyMap<string, Topology>;
  scores: ReadonlyMap<string, Score>;
}

export function indexModel(model: TopologyModel): ModelIndex {
  return { topologies: new Map(model.topologies.map((t) => [t.id, t])), scores: new Map(model.scores.map((s) => [s.id, s])) };
}

/**
 * Why the planner cannot plan `deployment` (its score has no deploy interpreter, a topology it
 * reaches has no way in, a shape its interpreter does not handle, a value the planner needs cannot
 * be read), or undefined when it can. Missing capabilities are not judged here: HARMONY1001–1003
 * say those.
 */
export function deployBlocker(model: TopologyModel, deployment: Deployment, index = indexModel(model)): DeployBlocker | undefined {
  const byId = (id: string | undefined) => (id === undefined ? undefined : index.topologies.get(id));
  const score = deployment.score === undefined ? undefined : index.scores.get(deployment.score);
  if (!score) return { message: "its score cannot be resolved statically", about: "score", unresolved: true };
  const topology = byId(deployment.topology);
  if (!topology) return { message: "its topology cannot be resolved statically", about: "topology", unresolved: true };

  const support = kindSpec(score.kind)?.deploy;
  if (support?.how === "not yet") return { message: `not supported yet: score "${score.name}" (${score.kind}) ${support.why}`, about: "score" };
  if (support?.how !== "interpreter") {
    return { message: `not supported yet: score "${score.name}" of kind ${score.kind} has no deploy interpreter`, about: "score" };
  }

  if (support.shape === "leaf" && kindSpec(topology.kind)?.deploy.how === "sides") {
    return { message: `not supported yet: ${score.kind} on ${topology.kind} "${topology.name}"; deploy it to each cluster on its own`, about: "topology" };
  }
  const leaves: Topology[] = [];
  const unresolved = collectLeaves(byId, topology, leaves, new Set());
  if (unresolved) {
    return {
      message: `${unresolved} cannot be resolved statically; Harmony reads a failover's sides and a multisite's sites where the failover({…}) or multisite({…}) call names them (a const, a call written there, a spread of a const object, or a helper function whose body is consts and one \`return\`)`,
      about: "topology",
    };
  }
  const reaches = support.reaches ?? "kube";
  for (const leaf of leaves) {
    const how = kindSpec(leaf.kind)?.deploy;
    if (how?.how === "not yet") return { message: `not supported yet: deploying to ${leaf.kind} "${leaf.name}" (${how.why}) has no interpreter yet`, about: "topology" };
    if (how?.how === "kube" || how?.how === "ssh") {
      if (how.how !== reaches) return { message: `not supported yet: ${score.kind} on ${leaf.kind} "${leaf.name}"`, about: "topology" };
    } else return { message: `not supported yet: topology "${leaf.name}" of kind ${leaf.kind} has no deploy interpreter`, about: "topology" };
  }

  const specs = [
    { owner: `score "${score.name}"`, spec: score.spec, about: "score" as const },
    ...[...leaves, topology].map((t) => ({ owner: `topology "${t.name}"`, spec: t.spec, about: "topology" as const })),
  ];
  for (const { owner, spec, about } of specs) {
    for (const [field, v] of Object.entries(spec)) {
      if (isUnevaluated(v)) return { message: `${field} of ${owner} ${describeValue(v)}`, about };
    }
  }

  if (reaches === "ssh") {
    const problem = hostDeploymentProblem(score, leaves);
    if (problem) return problem;
  }

  // The bond planner reads hosts and NICs deep in the specs, where the checks above do not look.
  if (score.kind === "hostBonds") {
    const bonds = bondBlocker(score, topology);
    if (bonds) return { message: bonds, about: /^(score|\w+ of score)\b/.test(bonds) ? "score" : "topology" };
  }

  if (support.shape === "primary and replicas" && leaves.length > 1) {
    const places = new Map<string, Topology>();
    for (const leaf of leaves) {
      const place = `${stringOr(leaf.spec.context)}/${stringOr(leaf.spec.namespace)}`;
      const earlier = places.get(place);
      if (earlier) return { message: samePlace(topology, earlier, leaf, leaves.length), about: "topology" };
      places.set(place, leaf);
    }
  }
  return undefined;
}

/**
 * The leaves of a topology, higher-order ones flattened primary first (a failover's primary, then
 * its replica; a multisite's sites in order); what cannot be resolved, if anything.
 */
function collectLeaves(byId: (id: string | undefined) => Topology | undefined, t: Topology, out: Topology[], seen: Set<string>): string | undefined {
  const parts = higherOrderParts(t);
  if (!parts) {
    out.push(t);
    return undefined;
  }
  if (seen.has(t.id)) return `${t.kind} "${t.name}" contains itself, so it`;
  seen.add(t.id);
  if (parts.length === 0) return `the sites of multisite "${t.name}"`;
  for (const { id, what } of parts) {
    const s = id ? byId(id) : undefined;
    if (!s) return `the ${what} of ${t.kind} "${t.name}"`;
    const problem = collectLeaves(byId, s, out, seen);
    if (problem) return problem;
  }
  seen.delete(t.id);
  return undefined;
}

/** The topologies a higher-order topology is made of, primary first, or undefined for a leaf. */
export function higherOrderParts(t: Topology): { id: string | undefined; what: string }[] | undefined {
  if (t.kind === "failover") return [{ id: t.primary, what: "primary" }, { id: t.replica, what: "replica" }];
  if (t.kind === "multisite") return (t.sites ?? []).map((id, i) => ({ id: id || undefined, what: `site ${i + 1}` }));
  return undefined;
}

/** Two leaves of one PostgreSQL failover in the same context and namespace: the planner says the same. */
export function samePlace(failover: Topology, a: Topology, b: Topology, leaves: number): string {
  const place = `(${stringOr(a.spec.context) || "current context"}/${stringOr(a.spec.namespace) || "default"})`;
  if (leaves === 2) return `failover "${failover.name}": primary and replica are the same context and namespace ${place}; a replica needs a place of its own`;
  const which = a.id === b.id ? `"${a.name}" appears twice in it` : `"${a.name}" and "${b.name}" are the same context and namespace ${place}`;
  return `failover "${failover.name}": ${which}; each PostgreSQL replica needs a place of its own`;
}

function stringOr(v: SpecValue | undefined): string {
  return typeof v === "string" ? v : "";
}

/** `cannot be evaluated statically (Math.max(1, 2))` */
export function describeValue(v: SpecValue | undefined): string {
  return isUnevaluated(v) ? `cannot be evaluated statically (${v.$unevaluated.slice(0, 200)})` : `is ${excerpt(v)}`;
}
