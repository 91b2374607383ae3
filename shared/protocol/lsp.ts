import type { TopologyDiagnostic, TopologyModel } from "../model";

/**
 * Custom messages of the Harmony language server, beyond LSP. The designer and the commands ask
 * the server for models instead of analysing files themselves: one analysis, one truth.
 */

/** Request `harmony/model`: the model and diagnostics of one open or on-disk topology file. */
export const ModelRequest = "harmony/model";
export interface ModelParams {
  uri: string;
}
export interface ModelResult {
  uri: string;
  /** The document version the model was computed from (-1 for a file read from disk). */
  version: number;
  model: TopologyModel;
  diagnostics: TopologyDiagnostic[];
  /** Set when the file could not be read or parsed well enough; the model is then partial. */
  parseError?: string;
}

/** Notification `harmony/modelChanged`, sent after the diagnostics of a file are published. */
export const ModelChangedNotification = "harmony/modelChanged";
export interface ModelChangedParams {
  uri: string;
  version: number;
}

/** Request `harmony/workspaceModels`: every topology file under the workspace folders. */
export const WorkspaceModelsRequest = "harmony/workspaceModels";
export interface WorkspaceModelsResult {
  files: ModelResult[];
}
