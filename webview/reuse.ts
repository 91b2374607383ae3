import { dequal } from "dequal/lite";
import type { FlowEdge, FlowNode } from "./flow";

/**
 * A new model rebuilds every node and edge, but an op changes one or two of them. Handing React
 * Flow the previous objects for the rest lets it and the memoised node components skip them (and
 * keeps what React Flow measured), and an unchanged list comes back as the very same array, so a
 * model that changes nothing on the canvas redraws nothing.
 */
export function keepUnchanged<T extends FlowNode | FlowEdge>(prev: readonly T[], next: T[]): T[] {
  if (prev.length === 0) return next;
  const before = new Map(prev.map((x) => [x.id, x]));
  let changed = prev.length !== next.length;
  const out = next.map((x, i) => {
    const old = before.get(x.id);
    if (old && sameItem(old, x)) {
      if (prev[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return x;
  });
  return changed ? out : (prev as T[]);
}

/** Equal in every field the canvas sets; what React Flow adds itself (measured, dragging…) is not compared. */
function sameItem(old: FlowNode | FlowEdge, x: FlowNode | FlowEdge): boolean {
  for (const key of Object.keys(x) as (keyof typeof x)[]) {
    if (!dequal(old[key], x[key])) return false;
  }
  for (const key of Object.keys(old) as (keyof typeof old)[]) {
    if (!(key in x) && !OWN_FIELDS.has(key)) return false;
  }
  return true;
}

/** Fields React Flow writes onto the objects it was given. */
const OWN_FIELDS = new Set<string>(["measured", "dragging", "resizing", "internals", "positionAbsolute"]);
