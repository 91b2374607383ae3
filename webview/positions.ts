import type { CanvasPositions } from "../shared/protocol/webview";
import type { Point } from "../shared/diagram/layout";

/**
 * Where the top-level nodes of the canvas are, as pure data: what the host stores for the file,
 * what this designer last drew or the user left, and where nodes of pending ops were dropped. The
 * position hook (usePositions.ts) is the only holder of this value and the only writer of node
 * positions to React Flow; these functions are its rules.
 */
export interface Positions {
  /** What the host stores for the file: placed by a user, here or in another designer. Wins over `session`. */
  stored: CanvasPositions;
  /** Where this designer last drew each top-level node, or where the user left it. */
  session: ReadonlyMap<string, Point>;
  /** Where the nodes of ops not yet answered were dropped, by request id. */
  drops: ReadonlyMap<string, Point>;
}

export const noPositions: Positions = { stored: {}, session: new Map(), drops: new Map() };

/** The positions a layout must keep: the session's, overridden by what the host stores. */
export function known(p: Positions): Map<string, Point> {
  const out = new Map(p.session);
  for (const [id, at] of Object.entries(p.stored)) out.set(id, at);
  return out;
}

/** The host's stored positions changed (a model arrived, or another designer of the file moved a node). */
export function fromHost(p: Positions, stored: CanvasPositions): Positions {
  return { ...p, stored };
}

/** A layout placed the top-level nodes: the session remembers them, so the next model keeps them. */
export function laidOut(p: Positions, placed: ReadonlyMap<string, Point>): Positions {
  const session = new Map(p.session);
  for (const [id, at] of placed) session.set(id, at);
  return { ...p, session };
}

/**
 * The user placed nodes. Once the user places one box, the whole arrangement is theirs: it is
 * stored as a whole, so a reopened designer shows what they left, not an automatic layout around
 * one moved box. `topLevel` are the ids of the top-level nodes drawn now; `store` is what to send
 * the host (nothing when nothing moved).
 */
export function moved(p: Positions, topLevel: readonly string[], moves: CanvasPositions): { positions: Positions; store?: CanvasPositions } {
  if (Object.keys(moves).length === 0) return { positions: p };
  const store: CanvasPositions = {};
  for (const id of topLevel) {
    const at = p.session.get(id);
    if (at) store[id] = at;
  }
  Object.assign(store, moves);
  const session = new Map(p.session);
  for (const [id, at] of Object.entries(moves)) session.set(id, at);
  return { positions: { ...p, session, stored: { ...p.stored, ...store } }, store };
}

/** An op that adds a node was sent from a drop at `at`. */
export function dropped(p: Positions, requestId: string, at: Point): Positions {
  const drops = new Map(p.drops);
  drops.set(requestId, at);
  return { ...p, drops };
}

/**
 * The host answered an op. A node it created from a drop goes where it was dropped (as if the
 * user had moved it there); `placed` names it.
 */
export function answered(
  p: Positions,
  requestId: string,
  createdIds: readonly string[] | undefined,
  topLevel: readonly string[],
): { positions: Positions; store?: CanvasPositions; placed?: { id: string; at: Point } } {
  const at = p.drops.get(requestId);
  if (!at) return { positions: p };
  const drops = new Map(p.drops);
  drops.delete(requestId);
  const rest = { ...p, drops };
  const id = createdIds?.[0];
  if (!id) return { positions: rest };
  return { ...moved(rest, topLevel, { [id]: at }), placed: { id, at } };
}

/** "Auto layout": every position is forgotten, here and in the host's store. */
export function reset(p: Positions): Positions {
  return { ...p, stored: {}, session: new Map() };
}
