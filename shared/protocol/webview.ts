import { z } from "zod";
import type { SpecValue, TopologyDiagnostic, TopologyModel } from "../model";
import { CATALOG, HIGHER_ORDER, type KindSpec } from "../model/kinds";

/**
 * Messages between the designer host (extension) and the designer webview. Both ends validate what
 * they receive with these schemas: a webview is a separate, untrusted-by-default process, and a
 * malformed message must be a logged error, never a corrupted document.
 */

// ---- domain data, as it crosses the boundary ----------------------------------------------------

const position = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });
const range = z.object({ start: position, end: position });
const location = z.object({ file: z.string(), range });
/** A spec value: any JSON value (an unevaluated one is `{ $unevaluated: reason }`). */
// `Unevaluated` is an interface, so z.json()'s type is widened to the model's own.
const specValue = z.json() as unknown as z.ZodType<SpecValue>;
const specObject = z.record(z.string(), specValue);

/** What topologies and scores have alike: identity, kind, spec and where they are written. */
const declaration = {
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  userDefined: z.boolean(),
  constName: z.string().optional(),
  spec: specObject,
  location,
  nameLocation: location,
  external: z.boolean(),
  inline: z.boolean().optional(),
  owner: z.string().optional(),
};

export const topologySchema = z.object({
  ...declaration,
  capabilities: z.array(z.string()),
  primary: z.string().optional(),
  replica: z.string().optional(),
  sites: z.array(z.string()).optional(),
});

export const scoreSchema = z.object({
  ...declaration,
  requires: z.array(z.string()),
});

export const deploymentSchema = z.object({
  id: z.string(),
  constName: z.string().optional(),
  topology: z.string().optional(),
  score: z.string().optional(),
  missing: z.array(z.string()),
  location,
  nameLocation: location,
  topologyArgument: location.optional(),
  scoreArgument: location.optional(),
});

export const modelSchema = z.object({
  file: z.string(),
  topologies: z.array(topologySchema),
  scores: z.array(scoreSchema),
  deployments: z.array(deploymentSchema),
  capabilities: z.array(z.object({ name: z.string(), failover: z.boolean() })),
});

export const diagnosticSchema = z.object({
  code: z.string(),
  severity: z.enum(["error", "warning", "info"]),
  message: z.string(),
  file: z.string(),
  range,
  related: z.array(z.object({ location, message: z.string() })),
  subject: z.string().optional(),
});

export const canvasPositionSchema = z.object({ x: z.number(), y: z.number() });
export type CanvasPosition = z.infer<typeof canvasPositionSchema>;
/** Positions a user dragged, by node id. Stored by the host, never in the topology file. */
export const canvasPositionsSchema = z.record(z.string(), canvasPositionSchema);
export type CanvasPositions = z.infer<typeof canvasPositionsSchema>;

// ---- canvas operations ---------------------------------------------------------------------------

/** A path into a spec, e.g. `["hosts", 0, "name"]`. */
export const specPathSchema = z.array(z.union([z.string().min(1), z.number().int().min(0)])).min(1);
const identifierLike = z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, "not a valid TypeScript identifier");
const specName = z.string().min(1, "a name cannot be empty");
/** A factory from the table of kinds with this role: what reaches the document is one of the library's names. */
const factoryOf = (role: KindSpec["role"]) => {
  const factories = [...CATALOG, ...HIGHER_ORDER].filter((k) => k.role === role).map((k) => k.factory);
  return z.string().refine((f) => factories.includes(f), { message: `not a ${role} factory; one of ${factories.join(", ")}` });
};

/** What the canvas asks the document to become. The edit planner turns each into minimal text edits. */
export const designerOpSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("addTopology"),
    factory: factoryOf("topology"),
    name: specName,
    /** Preferred const name; made unique by the planner. */
    constName: identifierLike.optional(),
    spec: specObject.optional(),
  }),
  z.object({
    kind: z.literal("addScore"),
    factory: factoryOf("score"),
    name: specName,
    /** When set, the score is declared inline in a `deploy(topology, score)`. */
    topologyId: z.string().optional(),
    constName: identifierLike.optional(),
    spec: specObject.optional(),
  }),
  z.object({
    kind: z.literal("wrapInFailover"),
    primary: z.string(),
    replica: z.string(),
    name: specName,
    constName: identifierLike.optional(),
  }),
  z.object({ kind: z.literal("unwrap"), failoverId: z.string() }),
  /** Puts a topology in a failover's primary or replica slot (an empty one, or replacing its side). */
  z.object({ kind: z.literal("fillSlot"), failoverId: z.string(), side: z.enum(["primary", "replica"]), topologyId: z.string() }),
  z.object({
    kind: z.literal("wrapInMultisite"),
    /** Two or more topologies, the first one the primary site. */
    sites: z.array(z.string()).min(2).max(64),
    name: specName,
    constName: identifierLike.optional(),
  }),
  /** Puts a topology among a multisite's sites, at `index` (the end when absent). */
  z.object({ kind: z.literal("addSite"), multisiteId: z.string(), topologyId: z.string(), index: z.number().int().min(0).optional() }),
  z.object({ kind: z.literal("removeSite"), multisiteId: z.string(), index: z.number().int().min(0) }),
  /** Reorders a multisite's sites; moving one to index 0 makes it the primary site. */
  z.object({ kind: z.literal("moveSite"), multisiteId: z.string(), from: z.number().int().min(0), to: z.number().int().min(0) }),
  /** Makes `topologyId`, a side of the failover, its primary, and the primary its replica: a switchover, as text. */
  z.object({ kind: z.literal("makePrimary"), failoverId: z.string(), topologyId: z.string() }),
  z.object({ kind: z.literal("attachScore"), scoreId: z.string(), topologyId: z.string() }),
  z.object({ kind: z.literal("moveDeployment"), deploymentId: z.string(), topologyId: z.string() }),
  z.object({
    kind: z.literal("setField"),
    id: z.string(),
    path: specPathSchema,
    /** `undefined` removes the field. */
    value: specValue.optional(),
  }),
  z.object({
    kind: z.literal("rename"),
    id: z.string(),
    newName: specName,
    /** Also rename the const and its uses in the file. */
    newConstName: identifierLike.optional(),
  }),
  z.object({ kind: z.literal("delete"), id: z.string(), cascade: z.boolean().optional() }),
]);
export type DesignerOp = z.infer<typeof designerOpSchema>;
export type DesignerOpKind = DesignerOp["kind"];

/** How a deployment's last deploy ended. */
export const deployStatusSchema = z.object({
  outcome: z.enum(["deployed", "partial", "failed", "cancelled"]),
  at: z.string(),
  summary: z.string(),
});
export type DeployStatusView = z.infer<typeof deployStatusSchema>;

/**
 * Which sites of a failover PostgreSQL claimed to be primary at the last read of its live Clusters
 * (a deploy, a switchover, a what-if): one normally, two when both sides claim it, none when none did.
 */
export const livePrimarySchema = z.object({
  /** Leaf topology names. */
  sites: z.array(z.string()),
  /** ISO time of the read. */
  at: z.string(),
});
export type LivePrimaryView = z.infer<typeof livePrimarySchema>;

/** What a deploy would do to a drawn thing: from a what-if, or `apply` when only the offline plan is known. */
export const planMarkSchema = z.enum(["create", "change", "unchanged", "apply"]);
export type PlanMark = z.infer<typeof planMarkSchema>;

/** A deployment's plan as the canvas colours it, by node and edge id. */
export const planPreviewSchema = z.object({
  deployment: z.string(),
  source: z.enum(["live", "offline"]),
  /** Why the cluster was not compared, for an offline preview. */
  note: z.string().optional(),
  marks: z.record(z.string(), planMarkSchema),
  /** One line: how many objects are created, changed, left unchanged. */
  summary: z.string(),
});
export type PlanPreview = z.infer<typeof planPreviewSchema>;

// ---- host -> webview ------------------------------------------------------------------------------

export const hostMessageSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("model"),
    uri: z.string(),
    version: z.number().int(),
    model: modelSchema,
    diagnostics: z.array(diagnosticSchema),
    parseError: z.string().optional(),
    positions: canvasPositionsSchema,
  }),
  /** Moving the cursor in a text editor selects the node under it. */
  z.object({ type: z.literal("select"), ids: z.array(z.string()) }),
  /** Positions changed elsewhere (another designer of the same file). */
  z.object({ type: z.literal("positions"), positions: canvasPositionsSchema }),
  /** The outcome of an op; `createdIds` lets the canvas place new nodes where they were dropped. */
  z.object({
    type: z.literal("opResult"),
    requestId: z.string(),
    ok: z.boolean(),
    message: z.string().optional(),
    createdIds: z.array(z.string()).optional(),
  }),
  /** Not a model: why there is none (language server down, file unreadable). */
  z.object({ type: z.literal("unavailable"), message: z.string() }),
  /** The last deploy of each deployment of the file, by deployment id. */
  z.object({
    type: z.literal("deployStatus"),
    statuses: z.record(z.string(), deployStatusSchema),
    /** The live primary at the last read, by deployment id, for failover PostgreSQL deployments. */
    livePrimaries: z.record(z.string(), livePrimarySchema).optional(),
  }),
  /** Preview Deployment Plan: what a deploy would do, drawn until cleared or deployed; null clears. */
  z.object({ type: z.literal("planPreview"), preview: planPreviewSchema.nullable() }),
]);
export type HostMessage = z.infer<typeof hostMessageSchema>;
export type ModelMessage = Extract<HostMessage, { type: "model" }>;

// ---- webview -> host ------------------------------------------------------------------------------

export const webviewMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("ready") }),
  /** The model of `version` is on screen with `nodeCount` nodes. */
  z.object({ type: z.literal("rendered"), version: z.number().int(), nodeCount: z.number().int(), ms: z.number() }),
  z.object({ type: z.literal("op"), requestId: z.string(), op: designerOpSchema, baseVersion: z.number().int() }),
  /** Show a node's source; `open` opens a text editor beside when none shows the file. */
  z.object({ type: z.literal("reveal"), id: z.string(), open: z.boolean().optional() }),
  z.object({ type: z.literal("positions"), positions: canvasPositionsSchema, reset: z.boolean().optional() }),
  z.object({ type: z.literal("export"), format: z.enum(["svg", "png"]), data: z.string() }),
  z.object({ type: z.literal("error"), message: z.string() }),
]);
export type WebviewMessage = z.infer<typeof webviewMessageSchema>;

/**
 * Why a model's file does not parse, if it does not: the server's parse error, else the first of
 * TypeScript's syntax errors (TS1xxx) in the file itself. The canvas keeps its last good drawing
 * then, and the host refuses canvas ops until the text is fixed.
 */
export function parseProblem(m: { model: { file: string }; diagnostics: TopologyDiagnostic[]; parseError?: string }): string | undefined {
  if (m.parseError) return m.parseError;
  const d = m.diagnostics.find((x) => x.severity === "error" && /^TS1\d{3}$/.test(x.code) && x.file === m.model.file);
  return d && `The file does not parse (line ${d.range.start.line + 1}: ${d.message}).`;
}

/** Parses a message; an error names what was wrong, for the log. */
export function parseHostMessage(data: unknown): { ok: true; message: HostMessage } | { ok: false; error: string } {
  const r = hostMessageSchema.safeParse(data);
  return r.success ? { ok: true, message: r.data } : { ok: false, error: z.prettifyError(r.error) };
}

export function parseWebviewMessage(data: unknown): { ok: true; message: WebviewMessage } | { ok: false; error: string } {
  const r = webviewMessageSchema.safeParse(data);
  return r.success ? { ok: true, message: r.data } : { ok: false, error: z.prettifyError(r.error) };
}

// The schemas and the shared model types must describe the same data.
type Assignable<A, B extends A> = B;
export type _ModelMatches = Assignable<z.infer<typeof modelSchema>, TopologyModel>;
export type _DiagnosticMatches = Assignable<z.infer<typeof diagnosticSchema>, TopologyDiagnostic>;
