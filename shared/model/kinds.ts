import type { SpecObject, SpecValue } from "./";

/**
 * The kinds the designer can draw and add: what the palette offers, what the inspector edits and
 * how it validates a field before the checker sees it. The checker stays the judge of capabilities.
 */

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

export interface KindSpec {
  factory: string;
  role: "topology" | "score";
  label: string;
  /** A short glyph used as the node icon (no icon font is loaded in the webview). */
  icon: string;
  fields: FieldSpec[];
  /** What a freshly added one gets besides its name, so it type-checks at once. */
  defaults: SpecObject;
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

export const CATALOG: readonly KindSpec[] = [
  {
    factory: "k8sAnywhere",
    role: "topology",
    label: "Kubernetes cluster",
    icon: "☸",
    fields: [name, { key: "context", type: "string", hint: "kube context" }, { key: "namespace", type: "string" }],
    defaults: {},
  },
  {
    factory: "okdCluster",
    role: "topology",
    label: "OKD cluster",
    icon: "◈",
    fields: [name, { key: "context", type: "string" }, { key: "namespace", type: "string" }],
    defaults: { hosts: [] },
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
    ],
    defaults: { address: "192.0.2.10" },
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
  },
  {
    factory: "dockerApp",
    role: "score",
    label: "Docker app",
    icon: "▤",
    fields: [name, { key: "image", type: "string", required: true, validate: nonEmpty }],
    defaults: { image: "nginx" },
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
};

export function kindSpec(factory: string): KindSpec | undefined {
  return factory === "failover" ? FAILOVER : CATALOG.find((k) => k.factory === factory);
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
