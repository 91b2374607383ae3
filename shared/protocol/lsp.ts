import { NotificationType, RequestType, RequestType0 } from "vscode-jsonrpc";
import type { TopologyDiagnostic, TopologyModel } from "../model";
import type { DesignerOp } from "./webview";

/**
 * Custom messages of the Harmony language server, beyond LSP, declared once and used by both ends.
 * The extension host is a thin client: it asks the server for models and for the edits a canvas
 * op needs, and never analyses or parses a topology file itself.
 */

/** The model and diagnostics of one topology file at one version. */
export interface ModelResult {
  uri: string;
  /** The document version the model was computed from (-1 for a file read from disk). */
  version: number;
  model: TopologyModel;
  diagnostics: TopologyDiagnostic[];
  /** Set when the file could not be read or parsed well enough; the model is then partial. */
  parseError?: string;
}

export interface ModelParams {
  uri: string;
}

/** `harmony/model`: the model of one open or on-disk topology file, computed now if stale. */
export const ModelRequest = new RequestType<ModelParams, ModelResult, void>("harmony/model");

export interface WorkspaceModelsResult {
  files: ModelResult[];
}

/** `harmony/workspaceModels`: every topology file under the workspace folders. */
export const WorkspaceModelsRequest = new RequestType0<WorkspaceModelsResult, void>("harmony/workspaceModels");

export interface WatchModelParams {
  uri: string;
  /** True to receive `harmony/modelPushed` for the file from now on (and its current model at once). */
  watch: boolean;
}

/** `harmony/watchModel` (client → server): start or stop pushing a file's models. */
export const WatchModelNotification = new NotificationType<WatchModelParams>("harmony/watchModel");

/**
 * `harmony/modelPushed` (server → client): a watched file's model, sent with its diagnostics each time
 * they are published. The one trigger that redraws a canvas.
 */
export const ModelPushedNotification = new NotificationType<ModelResult>("harmony/modelPushed");

/** A replacement of a document range (LSP positions, UTF-16) by new text. */
export interface RangeEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

/** A host as read from a cluster (one node's physical NICs), to be written into an okdCluster. */
export interface ImportedHost {
  name: string;
  /** The Kubernetes node, when the host's name is not it. */
  node?: string;
  /** `mac` is the permanent MAC (`aa:bb:cc:dd:ee:ff`), when the node reports one. */
  nics: { name: string; mac?: string }[];
}

/**
 * Writes hosts read from a cluster into an okdCluster's `hosts`: existing hosts (by node, else by
 * name) and NICs (by name) are updated in place, new ones appended; nothing is removed.
 */
export interface ImportHostsOp {
  kind: "importHosts";
  topologyId: string;
  hosts: ImportedHost[];
}

/** What an edit can be planned for: a canvas op, or an editor command's. */
export type EditOp = DesignerOp | ImportHostsOp;

export interface PlanOpParams {
  uri: string;
  /** The document version the canvas drew (or the command read) when the user acted. */
  baseVersion: number;
  op: EditOp;
}

export type PlanOpResult =
  /** Apply `edits` only if the document is still at `version` (the version they were planned against). */
  | { ok: true; version: number; edits: RangeEdit[]; createdIds: string[] }
  /**
   * Refused, with a message for the user. `references` lists what still uses a node the op would delete
   * (ask, then plan again with `cascade`); `stale` means the canvas drew an older version.
   */
  | { ok: false; message: string; references?: string[]; stale?: boolean };

/** `harmony/planOp`: the minimal text edits that make the document say what a canvas op asks, or why not. */
export const PlanOpRequest = new RequestType<PlanOpParams, PlanOpResult, void>("harmony/planOp");

export interface DiagramDiffParams {
  uri: string;
  /** The older version's text (from git) and what to call it ("HEAD", "origin/main"). */
  before: { text: string; label: string };
  theme: "light" | "dark";
}

export type DiagramDiffResult =
  | { ok: true; svg: string; changes: { subject: string; name: string; kind: string; change: string; details: string }[] }
  | { ok: false; message: string };

/** `harmony/diagramDiff`: the picture of a topology file's changes since an older text of it. */
export const DiagramDiffRequest = new RequestType<DiagramDiffParams, DiagramDiffResult, void>("harmony/diagramDiff");
