// The shape of a deploy plan: ordered steps on leaf targets, each with the real objects it writes.
// Plain data, shared by the planner, the applier, the CLI and the preview.

/** A Kubernetes object as Harmony writes it. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [extra: string]: unknown;
  };
  [field: string]: unknown;
}

/** A leaf target: a kube context and a namespace. An empty context means the kubeconfig's current one. */
export interface KubeTarget {
  context: string;
  namespace: string;
}

export type StepAction = "apply" | "wait" | "copy-secrets";

/** What a `wait` step waits for. */
export interface WaitFor {
  /** A CloudNativePG Cluster reporting healthy with this many ready instances. */
  cluster?: { name: string; instances: number };
  /**
   * An exposure whose address is only known once the cluster assigns it (a LoadBalancer Service's
   * ingress, a Route's host). The address replaces `placeholder` in the objects of later steps.
   */
  address?: { kind: "Service" | "Route"; name: string; placeholder: string };
}

/** Secrets a `copy-secrets` step reads on `from` and writes on the step's target, key by key. */
export interface SecretCopy {
  from: string;
  to: string;
  keys: string[];
  type: string;
}

export interface PlanStep {
  /** `s1`, `s2`… unique in the plan. */
  id: string;
  action: StepAction;
  target: KubeTarget;
  description: string;
  /** apply: the objects; wait: the objects waited on; copy-secrets: the Secrets written (data redacted). */
  objects: KubeObject[];
  /** Steps that must succeed before this one starts. Steps with no path between them run in parallel. */
  after: string[];
  /** `primary` / `replica` for the sides of a failover; absent otherwise. */
  side?: "primary" | "replica";
  /** The leaf topology (site) a failover side's step acts on, by name. */
  site?: string;
  wait?: WaitFor;
  copy?: { from: KubeTarget; secrets: SecretCopy[] };
}

/** An ordered plan: the steps in an order that respects `after`. */
export interface Plan {
  deployment: string;
  /** The file the deployment is declared in. */
  file: string;
  /** Topology and score, for messages. */
  topology: string;
  score: string;
  steps: PlanStep[];
}

export type PlanResult = { ok: true; plan: Plan } | { ok: false; error: string };

/** Every distinct target a plan touches, in first-use order. */
export function planTargets(plan: Plan): KubeTarget[] {
  const seen = new Map<string, KubeTarget>();
  for (const s of plan.steps) seen.set(targetKey(s.target), s.target);
  return [...seen.values()];
}

export function targetKey(t: KubeTarget): string {
  return `${t.context}/${t.namespace}`;
}

/** `context site-a, namespace shop`; the current context when the topology names none. */
export function describeTarget(t: KubeTarget): string {
  return `${t.context ? `context ${t.context}` : "the current context"}, namespace ${t.namespace || "(the context's)"}`;
}

/** `Cluster orders-db`, `NodeNetworkConfigurationPolicy harmony-bond0-worker-0`. */
export function objectRef(o: KubeObject): string {
  return `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata.name}`;
}

/** A Linux host reached over SSH, as a plan names it. */
export interface HostTarget {
  /** The topology's name. */
  host: string;
  address: string;
  port: number;
  /** Empty: the current user, as `ssh` does. */
  user: string;
  identityFile?: string;
}

/** A container as Harmony runs it on a host's Docker engine. */
export interface ContainerObject {
  kind: "Container";
  name: string;
  image: string;
  /** `host:container`, with an address or `/udp` when the spec says so. */
  ports: string[];
  env: Record<string, string>;
  command?: string[];
  restart: "no" | "always" | "unless-stopped" | "on-failure";
  /** `io.harmony.managed-by`, `io.harmony.deployment` and `io.harmony.spec-hash`. */
  labels: Record<string, string>;
  pull: "missing" | "always";
}

/** A step on a host: `apply` makes its containers match, `wait` waits until they are running and healthy. */
export interface HostStep {
  id: string;
  action: "apply" | "wait";
  target: HostTarget;
  description: string;
  objects: ContainerObject[];
  after: string[];
  side?: "primary" | "replica";
}

/** The plan of a deployment on Linux hosts: steps run one after another, in order. */
export interface HostPlan {
  via: "ssh";
  deployment: string;
  file: string;
  topology: string;
  score: string;
  steps: HostStep[];
}

/** What the planner makes: a plan for clusters or one for hosts. */
export type DeployPlan = Plan | HostPlan;

export function isHostPlan(p: DeployPlan): p is HostPlan {
  return (p as HostPlan).via === "ssh";
}

/** `root@10.0.0.5:22 (edge-1)` */
export function describeHost(t: HostTarget): string {
  return `${t.user ? `${t.user}@` : ""}${t.address}:${t.port} (${t.host})`;
}
