// Whether the deploy planner can plan a deployment, decided from the model alone. The checker
// reports the answer at edit time (HARMONY1004) and the planner refuses with the same words, so a
// deployment that checks clean always plans: both ask this one function.
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

  if (support.shape === "leaf" && topology.kind === "failover") {
    return { message: `not supported yet: ${score.kind} on failover "${topology.name}"; deploy it to each cluster on its own`, about: "topology" };
  }
  if (support.shape === "pair of leaves" && topology.kind === "failover") {
    for (const id of [topology.primary, topology.replica]) {
      const side = byId(id);
      if (side?.kind === "failover") {
        return { message: `not supported yet: PostgreSQL on failover "${topology.name}", whose side "${side.name}" is itself a failover`, about: "topology" };
      }
    }
  }

  const leaves: Topology[] = [];
  const unresolved = collectLeaves(byId, topology, leaves, new Set());
  if (unresolved) {
    return {
      message: `${unresolved} cannot be resolved statically; Harmony reads a failover's sides where its failover({…}) call names them (a const, a call written there, or a spread of a const object), not inside a helper function`,
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

  if (support.shape === "pair of leaves" && topology.kind === "failover" && leaves.length === 2) {
    const [p, r] = leaves.map((l) => `${stringOr(l.spec.context)}/${stringOr(l.spec.namespace)}`);
    if (p === r) {
      const [context, namespace] = p.split("/");
      return {
        message: `failover "${topology.name}": primary and replica are the same context and namespace (${context || "current context"}/${namespace || "default"}); a replica needs a place of its own`,
        about: "topology",
      };
    }
  }
  return undefined;
}

/** The leaves of a topology, failovers flattened primary first; what cannot be resolved, if anything. */
function collectLeaves(byId: (id: string | undefined) => Topology | undefined, t: Topology, out: Topology[], seen: Set<string>): string | undefined {
  if (t.kind !== "failover") {
    out.push(t);
    return undefined;
  }
  if (seen.has(t.id)) return `failover "${t.name}" contains itself, so it`;
  seen.add(t.id);
  for (const side of ["primary", "replica"] as const) {
    const s = byId(t[side]);
    if (!s) return `the ${side} of failover "${t.name}"`;
    const problem = collectLeaves(byId, s, out, seen);
    if (problem) return problem;
  }
  return undefined;
}

function stringOr(v: SpecValue | undefined): string {
  return typeof v === "string" ? v : "";
}

/** `cannot be evaluated statically (Math.max(1, 2))` */
export function describeValue(v: SpecValue | undefined): string {
  return isUnevaluated(v) ? `cannot be evaluated statically (${v.$unevaluated.slice(0, 200)})` : `is ${excerpt(v)}`;
}
