import type { Capability } from "./capabilities";
import type { SpecObject, SpecValue } from "./topology";

/**
 * The table of kinds: what the project knows of each built-in kind of `@harmony/topology`, in one
 * place — its factory and what it makes, the capabilities it provides or requires, how the palette
 * and the inspector show it, what a new one gets, and how the deploy planner reaches it. The
 * checker's tables, the palette, the inspector, the edit planner and the deploy planner derive from
 * it; a unit test holds it against the library's declaration (`language/library/index.d.ts`).
 *
 * The checker stays the judge of capabilities: it reads them from the types. The table is its
 * answer for files too large to type-check, and what the designer shows before the checker runs.
 */

/** A capability the library declares, and whether `failover` and `multisite` have a strategy for it. */
export interface CapabilitySpec {
  name: Capability;
  failover: boolean;
  multisite: boolean;
}

/** The library's capabilities, in the order it declares them (sets are shown in this order). */
export const CAPABILITIES: readonly CapabilitySpec[] = [
  { name: "K8sClient", failover: true, multisite: true },
  { name: "HelmCommand", failover: true, multisite: true },
  { name: "PostgreSQL", failover: true, multisite: true },
  { name: "Docker", failover: true, multisite: true },
  { name: "NetworkManager", failover: false, multisite: false },
  { name: "TlsRouter", failover: false, multisite: false },
];

export type FieldType = "string" | "number" | "boolean";

export interface FieldSpec {
  key: string;
  type: FieldType;
  required?: boolean;
  /** A user-facing hint shown under the field. */
  hint?: string;
  /** Validates a value typed by the user; returns a message when it is wrong. */
  validate?: (value: SpecValue) => string | undefined;
}

/**
 * How the deploy planner handles a kind. A topology is reached through a kube context and namespace
 * (`kube`, with how a failover primary's PostgreSQL is exposed to its replica), over SSH to its
 * Docker engine (`ssh`), or through its sides (`sides`); a score has an interpreter in the planner
 * (`interpreter`), which reaches leaves of one kind (`reaches`, kube unless said). `not yet` says
 * why not, in words that follow the kind's name in the planner's "not supported yet" message.
 */
export type DeploySupport =
  | { how: "kube"; exposure: "Route" | "LoadBalancer" }
  | { how: "ssh" }
  | { how: "sides" }
  | { how: "interpreter"; shape?: InterpreterShape; reaches?: "kube" | "ssh" }
  | { how: "not yet"; why: string };

/**
 * Which topologies a score's interpreter reaches: any tree of kube leaves (the default: it runs on
 * every leaf), a single leaf, or a tree of leaves of which one is primary (the root's primary leaf)
 * and every other a replica, each leaf in a place (context and namespace) of its own.
 */
export type InterpreterShape = "leaf" | "primary and replicas";

export interface KindSpec {
  factory: string;
  role: "topology" | "score";
  label: string;
  /** A short glyph used as the node icon (no icon font is loaded in the webview). */
  icon: string;
  fields: FieldSpec[];
  /** What a freshly added one gets besides its name, so it type-checks at once. */
  defaults: SpecObject;
  /** The name a new one drawn on the canvas starts from (made unique with `-2`, `-3`…). */
  defaultName: string;
  /** A topology: the capabilities it provides (a failover's come from its sides). */
  provides: readonly Capability[];
  /** A score: the capabilities it requires. */
  requires: readonly Capability[];
  deploy: DeploySupport;
}

const quantity = (v: SpecValue) =>
  typeof v === "string" && !/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T)?$/.test(v) ? "a size such as 10Gi or 512Mi" : undefined;
const positiveInt = (v: SpecValue) =>
  typeof v !== "number" || !Number.isInteger(v) || v < 1 ? "a whole number, 1 or more" : undefined;
const port = (v: SpecValue) =>
  typeof v !== "number" || !Number.isInteger(v) || v < 1 || v > 65535 ? "a port between 1 and 65535" : undefined;
const hostAddress = (v: SpecValue) =>
  typeof v !== "string" || !/^[A-Za-z0-9]([A-Za-z0-9.:-]*[A-Za-z0-9])?$/.test(v) ? "an IP address or host name" : undefined;
const dnsName = (v: SpecValue) =>
  typeof v !== "string" || !/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(v)
    ? "lower-case letters, digits and dashes (a Kubernetes name)"
    : undefined;
const nonEmpty = (v: SpecValue) => (typeof v !== "string" || v.trim() === "" ? "required" : undefined);

const name: FieldSpec = { key: "name", type: "string", required: true, validate: dnsName };

/** The built-in kinds the palette offers, topologies first. */
export const CATALOG: readonly KindSpec[] = [
  {
    factory: "k8sAnywhere",
    role: "topology",
    label: "Kubernetes cluster",
    icon: "☸",
    fields: [name, { key: "context", type: "string", hint: "kube context" }, { key: "namespace", type: "string" }],
    defaults: {},
    defaultName: "cluster",
    provides: ["K8sClient", "HelmCommand", "PostgreSQL", "TlsRouter"],
    requires: [],
    deploy: { how: "kube", exposure: "LoadBalancer" },
  },
  {
    factory: "okdCluster",
    role: "topology",
    label: "OKD cluster",
    icon: "◈",
    fields: [name, { key: "context", type: "string" }, { key: "namespace", type: "string" }],
    defaults: { hosts: [] },
    defaultName: "okd",
    provides: ["K8sClient", "HelmCommand", "PostgreSQL", "NetworkManager", "TlsRouter"],
    requires: [],
    deploy: { how: "kube", exposure: "Route" },
  },
  {
    factory: "linuxHost",
    role: "topology",
    label: "Linux host",
    icon: "▣",
    fields: [
      name,
      { key: "address", type: "string", required: true, validate: hostAddress },
      { key: "user", type: "string" },
      { key: "port", type: "number", validate: port },
      { key: "identityFile", type: "string", hint: "SSH private key; default: ssh-agent, then ~/.ssh/id_*" },
    ],
    defaults: { address: "192.0.2.10" },
    defaultName: "host",
    provides: ["Docker"],
    requires: [],
    deploy: { how: "ssh" },
  },
  {
    factory: "postgres",
    role: "score",
    label: "PostgreSQL",
    icon: "◉",
    fields: [
      name,
      { key: "instances", type: "number", validate: positiveInt },
      { key: "storage", type: "string", validate: quantity, hint: "e.g. 10Gi" },
      { key: "version", type: "string" },
    ],
    defaults: {},
    defaultName: "db",
    provides: [],
    requires: ["PostgreSQL"],
    deploy: { how: "interpreter", shape: "primary and replicas" },
  },
  {
    factory: "k8sApp",
    role: "score",
    label: "Kubernetes app",
    icon: "◆",
    fields: [
      name,
      { key: "image", type: "string", required: true, validate: nonEmpty },
      { key: "replicas", type: "number", validate: positiveInt },
      { key: "port", type: "number", validate: port },
    ],
    defaults: { image: "nginx" },
    defaultName: "app",
    provides: [],
    requires: ["K8sClient"],
    deploy: { how: "interpreter" },
  },
  {
    factory: "helmChart",
    role: "score",
    label: "Helm chart",
    icon: "⎔",
    fields: [
      name,
      { key: "chart", type: "string", required: true, validate: nonEmpty },
      { key: "repo", type: "string" },
      { key: "version", type: "string" },
    ],
    defaults: { chart: "bitnami/nginx" },
    defaultName: "chart",
    provides: [],
    requires: ["HelmCommand"],
    deploy: { how: "not yet", why: "— Helm releases have no deploy interpreter yet" },
  },
  {
    factory: "dockerApp",
    role: "score",
    label: "Docker app",
    icon: "▤",
    fields: [name, { key: "image", type: "string", required: true, validate: nonEmpty }],
    defaults: { image: "nginx" },
    defaultName: "container",
    provides: [],
    requires: ["Docker"],
    deploy: { how: "interpreter", reaches: "ssh" },
  },
  {
    factory: "hostBonds",
    role: "score",
    label: "Host bonds",
    icon: "≋",
    fields: [
      name,
      { key: "bond", type: "string" },
      { key: "mode", type: "string", hint: "802.3ad, active-backup…" },
      { key: "miimon", type: "number", validate: positiveInt },
    ],
    defaults: {},
    defaultName: "bonds",
    provides: [],
    requires: ["NetworkManager"],
    deploy: { how: "interpreter", shape: "leaf" },
  },
];

/** The failover factory: drawn as a group; "Wrap in failover" makes a full one, the palette an empty one to drop sides into. */
export const FAILOVER: KindSpec = {
  factory: "failover",
  role: "topology",
  label: "Failover (empty)",
  icon: "⇄",
  fields: [name],
  defaults: {},
  defaultName: "pair",
  provides: [],
  requires: [],
  deploy: { how: "sides" },
};

/** The multisite factory: drawn as a group of site slots; the palette makes one with two empty slots to drop sites into. */
export const MULTISITE: KindSpec = {
  factory: "multisite",
  role: "topology",
  label: "Multisite",
  icon: "⊞",
  fields: [name],
  defaults: { sites: [] },
  defaultName: "sites",
  provides: [],
  requires: [],
  deploy: { how: "sides" },
};

/** The higher-order kinds: topologies made of other topologies. */
export const HIGHER_ORDER: readonly KindSpec[] = [FAILOVER, MULTISITE];

/** What a library function makes. */
export type Makes = "topology" | "score" | "deployment";

/**
 * Every function the library exports and what it makes: the kinds above, `failover`, `multisite`, the factories
 * of user-defined kinds (`defineTopology<C>`, `defineScore<C>`, whose capabilities are their type
 * argument) and `deploy`.
 */
export const LIBRARY_FUNCTIONS: readonly { factory: string; makes: Makes }[] = [
  ...CATALOG.map((k) => ({ factory: k.factory, makes: k.role })),
  { factory: FAILOVER.factory, makes: "topology" },
  { factory: MULTISITE.factory, makes: "topology" },
  { factory: "defineTopology", makes: "topology" },
  { factory: "defineScore", makes: "score" },
  { factory: "deploy", makes: "deployment" },
];

/** What the library function `factory` makes, or undefined when the library has no such function. */
export function makes(factory: string): Makes | undefined {
  return LIBRARY_FUNCTIONS.find((f) => f.factory === factory)?.makes;
}

/** The row of a built-in kind (failover and multisite included), or undefined for user-defined kinds. */
export function kindSpec(factory: string): KindSpec | undefined {
  return HIGHER_ORDER.find((k) => k.factory === factory) ?? CATALOG.find((k) => k.factory === factory);
}

/** Checks one field value the way the inspector does before it sends an edit. */
export function validateField(factory: string, key: string, value: SpecValue | undefined): string | undefined {
  const field = kindSpec(factory)?.fields.find((f) => f.key === key);
  if (!field) return undefined;
  if (value === undefined || value === "") return field.required ? `${key} is required` : undefined;
  if (field.type === "number" && typeof value !== "number") return `${key} must be a number`;
  const problem = field.validate?.(value);
  return problem ? `${key}: ${problem}` : undefined;
}
