// The deploy planner: a deployment of a TopologyModel -> ordered steps with the real objects. Pure:
// no cluster, no file, no clock. Failover PostgreSQL is orchestrated as Harmony does it.
import {
  deployBlocker,
  describeValue as describe,
  higherOrderParts,
  samePlace,
  type Deployment,
  type Score,
  type SpecValue,
  type Topology,
  type TopologyDiagnostic,
  type TopologyModel,
} from "../../shared/model";
import { kindSpec } from "../../shared/model/kinds";
import { desiredPolicies } from "../bonds/desired";
import {
  acceptsDirectSsl,
  appObjects,
  DIRECT_SSL_SINCE,
  CNPG_API_VERSION,
  dnsLabel,
  harmonyLabels,
  namespaceObject,
  POSTGRES_PORT,
  postgresCluster,
  primaryLoadBalancer,
  primaryRoute,
  type AppSettings,
  type PostgresSettings,
  type PrimaryEndpoint,
} from "./manifests";
import { containerSteps } from "../docker/plan";
import type { DeployPlan, HostStep, KubeObject, KubeTarget, PlanResult, PlanStep, WaitFor } from "./plan";
import { distributedPrimary, distributedReplica, sideEntry } from "./postgres-topology";

/** A planning failure: a message a user can act on. */
class PlanError extends Error {}

/** Finds a deployment by const name, id, or its score's name. */
export function findDeployment(model: TopologyModel, name: string): Deployment | undefined {
  return (
    model.deployments.find((d) => d.constName === name || d.id === name) ??
    model.deployments.find((d) => model.scores.find((s) => s.id === d.score)?.name === name)
  );
}

/** The deployment names of a model, for "did you mean" messages. */
export function deploymentNames(model: TopologyModel): string[] {
  return model.deployments.map((d) => d.constName ?? d.id);
}

function optionalString(owner: string, field: string, v: SpecValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" && field === "version") return String(v);
  throw new PlanError(`${field} of ${owner} ${describe(v)}; expected a string`);
}

function optionalCount(owner: string, field: string, v: SpecValue | undefined, min: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number" && Number.isInteger(v) && v >= min) return v;
  throw new PlanError(`${field} of ${owner} ${describe(v)}; expected a whole number ≥ ${min}`);
}

class Planner {
  private readonly steps: PlanStep[] = [];
  /** A score run on Linux hosts plans host steps instead. */
  private hostSteps: HostStep[] | undefined;
  /** Targets whose Namespace an earlier step already applies: the step that does. */
  private readonly namespaceSteps = new Map<string, string>();

  constructor(
    private readonly model: TopologyModel,
    private readonly deployment: Deployment,
    private readonly topology: Topology,
    private readonly score: Score,
  ) {}

  private get labels(): Record<string, string> {
    return harmonyLabels(this.deployment.constName ?? this.deployment.id);
  }

  topologyById(id: string | undefined): Topology {
    const t = this.model.topologies.find((x) => x.id === id);
    if (!t) throw new PlanError(`topology ${id ? `"${id}"` : "of the deployment"} cannot be resolved`);
    return t;
  }

  /** The kube target of a leaf topology, or a "not supported yet" error for the others. */
  leafTarget(t: Topology): KubeTarget {
    const support = kindSpec(t.kind)?.deploy;
    if (support?.how === "not yet") {
      throw new PlanError(`not supported yet: deploying to ${t.kind} "${t.name}" (${support.why}) has no interpreter yet`);
    }
    if (support?.how !== "kube") {
      throw new PlanError(`not supported yet: topology "${t.name}" of kind ${t.kind} has no deploy interpreter`);
    }
    const owner = `topology "${t.name}"`;
    return {
      context: optionalString(owner, "context", t.spec.context) ?? "",
      namespace: optionalString(owner, "namespace", t.spec.namespace) ?? "",
    };
  }

  /** Every leaf of a topology, failovers flattened primary first, a multisite's sites in order. */
  leaves(t: Topology): { topology: Topology; side?: "primary" | "replica" }[] {
    const parts = higherOrderParts(t);
    if (!parts) return [{ topology: t }];
    return parts.flatMap(({ id }, i) => {
      const side = i === 0 ? ("primary" as const) : ("replica" as const);
      return this.leaves(this.topologyById(id)).map((l) => ({ ...l, side: l.side ?? side }));
    });
  }

  add(step: Omit<PlanStep, "id">): PlanStep {
    const s = { id: `s${this.steps.length + 1}`, ...step };
    this.steps.push(s);
    return s;
  }

  /** The Namespace object when the target names one this plan has not applied yet. */
  namespaceFor(target: KubeTarget): KubeObject[] {
    if (!target.namespace || this.namespaceSteps.has(`${target.context}/${target.namespace}`)) return [];
    return [namespaceObject(target.namespace, this.labels)];
  }

  applyStep(target: KubeTarget, description: string, objects: KubeObject[], after: string[], side?: "primary" | "replica"): PlanStep {
    const ns = this.namespaceFor(target);
    const step = this.add({ action: "apply", target, description, objects: [...ns, ...objects], after, ...(side ? { side } : {}) });
    if (ns.length) this.namespaceSteps.set(`${target.context}/${target.namespace}`, step.id);
    return step;
  }

  /** The step that applies the target's Namespace, if any: later steps on that target wait for it. */
  namespaceDependency(target: KubeTarget): string[] {
    const id = this.namespaceSteps.get(`${target.context}/${target.namespace}`);
    return id ? [id] : [];
  }

  plan(): DeployPlan {
    const support = kindSpec(this.score.kind)?.deploy;
    if (support?.how === "not yet") {
      throw new PlanError(`not supported yet: score "${this.score.name}" (${this.score.kind}) ${support.why}`);
    }
    const interpret = support?.how === "interpreter" ? INTERPRETERS[this.score.kind] : undefined;
    if (!interpret) {
      throw new PlanError(`not supported yet: score "${this.score.name}" of kind ${this.score.kind} has no deploy interpreter`);
    }
    interpret(this);
    const head = {
      deployment: this.deployment.constName ?? this.deployment.id,
      file: this.model.file,
      topology: this.topology.name,
      score: this.score.name,
    };
    return this.hostSteps ? { via: "ssh", ...head, steps: this.hostSteps } : { ...head, steps: this.steps };
  }

  dockerApp(): void {
    try {
      this.hostSteps = containerSteps(this.deployment.constName ?? this.deployment.id, this.score, this.leaves(this.topology));
    } catch (e) {
      throw new PlanError((e as Error).message);
    }
  }

  k8sApp(): void {
    const owner = `score "${this.score.name}"`;
    const image = optionalString(owner, "image", this.score.spec.image);
    if (!image) throw new PlanError(`${owner} (k8sApp) has no image`);
    const app: AppSettings = {
      name: dnsLabel(this.score.name),
      image,
      replicas: optionalCount(owner, "replicas", this.score.spec.replicas, 0) ?? 1,
      port: optionalCount(owner, "port", this.score.spec.port, 1),
    };
    for (const leaf of this.leaves(this.topology)) {
      const target = this.leafTarget(leaf.topology);
      const what = app.port === undefined ? "Deployment (no port, so no Service)" : "Deployment and Service";
      const where = leaf.side ? `${leaf.side} ${leaf.topology.name}` : leaf.topology.name;
      this.applyStep(target, `${what} ${app.name} on ${where}`, appObjects(app, target.namespace, this.labels), [], leaf.side);
    }
  }

  postgresSettings(): PostgresSettings {
    const owner = `score "${this.score.name}"`;
    return {
      name: dnsLabel(this.score.name),
      instances: optionalCount(owner, "instances", this.score.spec.instances, 1) ?? 1,
      storage: optionalString(owner, "storage", this.score.spec.storage),
      version: optionalString(owner, "version", this.score.spec.version),
    };
  }

  /**
   * PostgreSQL on a failover tree: one primary cluster on the root's primary leaf, and a replica
   * cluster on every other leaf, each streaming from the primary's endpoint (docs/deploying.md
   * says why from the primary rather than cascading). A pair is the tree with one replica.
   */
  postgres(): void {
    const pg = this.postgresSettings();
    if (!higherOrderParts(this.topology)) {
      const target = this.leafTarget(this.topology);
      this.applyStep(target, `PostgreSQL cluster ${pg.name} (${pg.instances} instance${pg.instances === 1 ? "" : "s"}) on ${this.topology.name}`, [postgresCluster(pg, target.namespace, this.labels)], []);
      return;
    }
    const [primary, ...replicas] = this.leaves(this.topology).map((l) => l.topology);
    const pt = this.leafTarget(primary);
    const places = new Map<string, Topology>([[`${pt.context}/${pt.namespace}`, primary]]);
    for (const replica of replicas) {
      const rt = this.leafTarget(replica);
      const earlier = places.get(`${rt.context}/${rt.namespace}`);
      if (earlier) throw new PlanError(samePlace(this.topology, earlier, replica, replicas.length + 1));
      places.set(`${rt.context}/${rt.namespace}`, replica);
    }

    // The primary's public host: a field of the failover, else of the primary topology.
    const publicHost =
      optionalString(`topology "${this.topology.name}"`, "publicHost", this.topology.spec.publicHost) ??
      optionalString(`topology "${primary.name}"`, "publicHost", primary.spec.publicHost);
    const primarySupport = kindSpec(primary.kind)?.deploy;
    // A TLS-passthrough Route is reached only with the TLS handshake first (direct SSL); before
    // PostgreSQL 17, libpq starts in plain text, so the primary is exposed by a LoadBalancer instead.
    const routeCluster = primarySupport?.how === "kube" && primarySupport.exposure === "Route";
    const route = routeCluster && acceptsDirectSsl(pg.version);
    const exposure = `${pg.name}-primary`;
    const placeholder = `$(harmony:address:${route ? "Route" : "Service"}/${exposure})`;
    // CloudNativePG's distributed topology: every side named, the file's primary is `replica.primary`.
    const entries = [primary, ...replicas].map((t) => sideEntry(pg.name, t.name));
    const endpoint: PrimaryEndpoint = {
      source: entries[0],
      host: publicHost ?? placeholder,
      port: route ? 443 : POSTGRES_PORT,
      sslmode: publicHost ? "verify-full" : "verify-ca",
      directSsl: route,
      caSecret: `${pg.name}-primary-ca`,
      replicationSecret: `${pg.name}-primary-replication`,
    };
    const labels = this.labels;
    const expose = route
      ? primaryRoute(pg.name, exposure, pt.namespace, labels, publicHost)
      : primaryLoadBalancer(pg.name, exposure, pt.namespace, labels);

    const applyPrimary = this.applyStep(
      pt,
      `primary PostgreSQL cluster ${pg.name} on ${primary.name}, exposed by ${route ? "a TLS-passthrough Route" : "a LoadBalancer Service"} ${exposure}${publicHost ? ` as ${publicHost}` : ""}${routeCluster && !route ? ` (PostgreSQL ${pg.version} cannot connect through a TLS-passthrough Route: direct SSL needs ${DIRECT_SSL_SINCE}+)` : ""}`,
      [distributedPrimary(pg, pt.namespace, labels, entries, publicHost), expose],
      [],
      "primary",
    );
    applyPrimary.site = primary.name;
    // Replica namespaces do not depend on the primary: they are created alongside.
    const namespaceSteps = replicas.map((replica) => {
      const rt = this.leafTarget(replica);
      const ns = this.namespaceFor(rt);
      return ns.length ? this.applyStep(rt, `namespace ${rt.namespace} on ${replica.name}, for the replica`, [], [], "replica") : undefined;
    });

    const ref = (kind: string, apiVersion: string, name: string): KubeObject => ({ apiVersion, kind, metadata: { name, namespace: pt.namespace } });
    const wait: WaitFor = { cluster: { name: pg.name, instances: pg.instances } };
    if (!publicHost) wait.address = { kind: route ? "Route" : "Service", name: exposure, placeholder };
    const waitStep = this.add({
      action: "wait",
      target: pt,
      description: `wait until primary ${pg.name} on ${primary.name} reports healthy (${pg.instances} ready instance${pg.instances === 1 ? "" : "s"})${publicHost ? "" : ` and ${exposure} has an address`}`,
      objects: [ref("Cluster", CNPG_API_VERSION, pg.name), ...(publicHost ? [] : [ref(expose.kind, expose.apiVersion, exposure)])],
      after: [applyPrimary.id],
      side: "primary",
      wait,
    });
    const secrets = [
      { from: `${pg.name}-ca`, to: endpoint.caSecret, keys: ["ca.crt"], type: "Opaque" },
      { from: `${pg.name}-replication`, to: endpoint.replicationSecret, keys: ["tls.crt", "tls.key"], type: "kubernetes.io/tls" },
    ];
    replicas.forEach((replica, i) => {
      const rt = this.leafTarget(replica);
      const nsStep = namespaceSteps[i];
      const copy = this.add({
        action: "copy-secrets",
        target: rt,
        description: `copy the primary's replication CA (${pg.name}-ca, ca.crt only) and streaming_replica client certificate (${pg.name}-replication) from ${primary.name} to ${replica.name}`,
        objects: secrets.map((s) => ({
          apiVersion: "v1",
          kind: "Secret",
          metadata: { name: s.to, namespace: rt.namespace, labels },
          type: s.type,
          data: Object.fromEntries(s.keys.map((k) => [k, ""])),
        })),
        after: [waitStep.id, ...(nsStep ? [nsStep.id] : [])],
        side: "replica",
        copy: { from: pt, secrets },
      });
      this.add({
        action: "apply",
        target: rt,
        description: `replica PostgreSQL cluster ${pg.name} on ${replica.name}, bootstrapped with pg_basebackup from ${publicHost ?? `the address of ${exposure}`}:${endpoint.port}`,
        objects: [distributedReplica(pg, rt.namespace, labels, endpoint, entries, entries[i + 1])],
        after: [copy.id],
        side: "replica",
        site: replica.name,
      });
    });
  }

  hostBonds(): void {
    const target = this.leafTarget(this.topology);
    const { policies, problems } = desiredPolicies(this.model, this.deployment.id);
    const errors = problems.filter((p) => p.severity === "error");
    if (errors.length) throw new PlanError(errors.map((p) => p.message).join("; "));
    if (!policies.length) throw new PlanError(`score "${this.score.name}" bonds no host`);
    this.add({
      action: "apply",
      target: { context: target.context, namespace: "" },
      description: `${policies.length} NodeNetworkConfigurationPolic${policies.length === 1 ? "y" : "ies"} (one per host) on ${this.topology.name}`,
      objects: policies as unknown as KubeObject[],
      after: [],
    });
  }
}

/**
 * The deploy interpreter of each score kind the table of kinds marks `interpreter`: adding a score
 * kind to the deploy adds its row there and its interpreter here.
 */
export const INTERPRETERS: Readonly<Record<string, (planner: Planner) => void>> = {
  postgres: (p) => p.postgres(),
  k8sApp: (p) => p.k8sApp(),
  hostBonds: (p) => p.hostBonds(),
  dockerApp: (p) => p.dockerApp(),
};

/** Ids of the topologies a deployment touches, failovers and their sides included. */
function involvedTopologies(model: TopologyModel, id: string | undefined, out = new Set<string>()): Set<string> {
  const t = model.topologies.find((x) => x.id === id);
  if (!t || out.has(t.id)) return out;
  out.add(t.id);
  for (const part of higherOrderParts(t) ?? []) involvedTopologies(model, part.id, out);
  return out;
}

/**
 * A syntax error in a file that declares any part of the deployment: statements bleed into each
 * other around it, so what was read there is in doubt, whichever line the error is on.
 */
function syntaxErrors(model: TopologyModel, diagnostics: readonly TopologyDiagnostic[], ...parts: { location: { file: string } }[]): string | undefined {
  const files = new Set(parts.map((p) => p.location.file));
  const involved = (d: TopologyDiagnostic) => files.has(d.file) || (d.file === model.file && parts.some((p) => !p.location.file));
  const errors = diagnostics.filter((d) => d.severity === "error" && /^TS1\d{3}$/.test(d.code) && involved(d));
  if (!errors.length) return undefined;
  const at = (d: TopologyDiagnostic) => `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message.replace(/\.$/, "")}`;
  const more = errors.length > 3 ? `; and ${errors.length - 3} more` : "";
  return `its source does not parse: ${errors.slice(0, 3).map(at).join("; ")}${more}. Fix the syntax first.`;
}

/**
 * Plans one deployment on clusters (by const name, id or score name); one that runs on Linux hosts
 * has no plan here (planAnyDeployment plans both).
 */
export function planDeployment(model: TopologyModel, name: string, diagnostics: readonly TopologyDiagnostic[] = []): PlanResult {
  const r = planAnyDeployment(model, name, diagnostics);
  if (r.ok && "via" in r.plan) return { ok: false, error: `deployment "${r.plan.deployment}" runs on Linux hosts over SSH, not on a cluster` };
  return r as PlanResult;
}

/**
 * Plans one deployment (by const name, id or score name), on clusters or on Linux hosts. A
 * deployment the checker rejects, or that names something with no interpreter yet, has no plan:
 * the result says why.
 */
export function planAnyDeployment(
  model: TopologyModel,
  name: string,
  diagnostics: readonly TopologyDiagnostic[] = [],
): { ok: true; plan: DeployPlan } | { ok: false; error: string } {
  const deployment = findDeployment(model, name);
  if (!deployment) {
    const names = deploymentNames(model);
    return { ok: false, error: `no deployment "${name}" in ${model.file}; deployments there: ${names.join(", ") || "none"}` };
  }
  const label = deployment.constName ?? deployment.id;
  const score = model.scores.find((s) => s.id === deployment.score);
  if (!score) return { ok: false, error: `deployment "${label}" has no plan: its score cannot be resolved` };
  const topology = model.topologies.find((t) => t.id === deployment.topology);
  if (!topology) return { ok: false, error: `deployment "${label}" has no plan: its topology cannot be resolved` };
  if (deployment.missing.length) {
    return {
      ok: false,
      error: `deployment "${label}" has no plan: topology "${topology.name}" (${topology.kind}) does not provide ${deployment.missing.join(", ")}, which score "${score.name}" requires`,
    };
  }
  const syntax = syntaxErrors(model, diagnostics, deployment, score, topology);
  if (syntax) return { ok: false, error: `deployment "${label}" has no plan: ${syntax}` };
  const subjects = new Set([deployment.id, score.id, ...involvedTopologies(model, topology.id)]);
  const errors = diagnostics.filter((d) => d.severity === "error" && d.subject !== undefined && subjects.has(d.subject));
  if (errors.length) {
    return { ok: false, error: `deployment "${label}" has no plan: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}` };
  }
  const blocker = deployBlocker(model, deployment);
  if (blocker) return { ok: false, error: `deployment "${label}" has no plan: ${blocker.message}` };
  try {
    return { ok: true, plan: new Planner(model, deployment, topology, score).plan() };
  } catch (e) {
    if (e instanceof PlanError) return { ok: false, error: `deployment "${label}" has no plan: ${e.message}` };
    throw e;
  }
}
