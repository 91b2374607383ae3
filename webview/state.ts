import { parseProblem, type DeployStatusView, type HostMessage, type ModelMessage, type PlanPreview } from "../shared/protocol/webview";

/**
 * What the canvas shows besides the drawing itself, as one pure function of the messages it
 * receives: the host's (models, selection, op results, deploy outcomes) and the canvas's own
 * (an op sent, a drawing on screen, a notice dismissed). Positions are not here: they have their
 * own owner (positions.ts), which takes the host's `positions` and places dropped nodes.
 */
export interface CanvasState {
  /** The model to draw: the last that parsed (one that does not parse only while there is no other). */
  doc?: ModelMessage;
  /** The version of the last model the host sent, drawn or not. */
  version?: number;
  /** Why the last model is not drawn: its file does not parse. */
  parseError?: string;
  /** Why there is no model at all (the language server is down, the file unreadable). */
  unavailable?: string;
  /** A passing message about the last op; the status line and the Problems panel keep the lasting state. */
  notice?: string;
  deployStatus: Readonly<Record<string, DeployStatusView>>;
  /** What a deploy would do, until the user clears it or a deploy of that deployment ends. */
  planPreview?: PlanPreview;
  /** Ids the text editor's cursor selected: a new value per request, so one request is applied once. */
  cursor?: { ids: readonly string[] };
  /** Nodes the last op created: selected and brought into view once drawn. */
  created: readonly string[];
  /** The op in flight: sent at `at` (ms) on the document of `baseVersion`. */
  pendingOp?: { baseVersion: number; at: number };
  /** The round trip a user waited for the last op: sent, document edited, new model on screen (ms). */
  lastRoundTrip?: number;
}

/** What the canvas itself tells its state. Times are `performance.now()` values, passed in. */
export type CanvasEvent =
  | { type: "opSent"; baseVersion: number; at: number }
  | { type: "drawn"; version: number; at: number }
  | { type: "revealed" }
  | { type: "notice"; message: string }
  | { type: "noticeDismissed" }
  | { type: "planPreviewCleared" };

export const initialCanvasState: CanvasState = { deployStatus: {}, created: [] };

export function canvasReducer(state: CanvasState, m: HostMessage | CanvasEvent): CanvasState {
  switch (m.type) {
    case "model": {
      const broken = parseProblem(m);
      const next = { ...state, version: m.version, parseError: broken, unavailable: undefined };
      // Keep the last good diagram (the banner says why it is not current).
      return broken && state.doc ? next : { ...next, doc: m };
    }
    case "select":
      return { ...state, cursor: { ids: m.ids } };
    case "positions":
      return state;
    case "opResult":
      if (!m.ok) return { ...state, notice: m.message };
      return m.createdIds?.length ? { ...state, created: m.createdIds } : state;
    case "unavailable":
      return { ...state, unavailable: m.message };
    case "deployStatus": {
      // A new outcome for the previewed deployment: its deploy ran, and the status marks take over.
      const d = state.planPreview?.deployment;
      const deployed = d !== undefined && m.statuses[d]?.at !== state.deployStatus[d]?.at;
      return { ...state, deployStatus: m.statuses, planPreview: deployed ? undefined : state.planPreview };
    }
    case "planPreview":
      return { ...state, planPreview: m.preview ?? undefined };
    case "planPreviewCleared":
      return state.planPreview ? { ...state, planPreview: undefined } : state;
    case "opSent":
      return { ...state, pendingOp: { baseVersion: m.baseVersion, at: m.at }, lastRoundTrip: undefined, notice: undefined };
    case "drawn": {
      const op = state.pendingOp;
      if (!op || m.version <= op.baseVersion) return state;
      return { ...state, pendingOp: undefined, lastRoundTrip: m.at - op.at };
    }
    case "revealed":
      return state.created.length ? { ...state, created: [] } : state;
    case "notice":
      return { ...state, notice: m.message };
    case "noticeDismissed":
      return state.notice === undefined ? state : { ...state, notice: undefined };
  }
}
