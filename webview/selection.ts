/** What the user has selected on the canvas, as the inspector and the op builders see it. */
export type Selection =
  | { kind: "topology" | "failover"; id: string }
  | { kind: "score"; id: string }
  | { kind: "deployment"; id: string }
  | { kind: "many"; ids: string[] }
  | { kind: "none" };

interface Selectable {
  id: string;
  selected?: boolean;
}

/** The selection from React Flow's nodes and edges (an edge is selected as its deployment). */
export function selectionOf(
  nodes: readonly (Selectable & { type?: string })[],
  edges: readonly (Selectable & { data?: { deployment: { id: string } } })[],
): Selection {
  const ns = nodes.filter((n) => n.selected);
  const es = edges.filter((e) => e.selected);
  if (ns.length + es.length === 0) return { kind: "none" };
  if (ns.length + es.length > 1) return { kind: "many", ids: [...ns.map((n) => n.id), ...es.map((e) => e.id)] };
  if (es.length === 1) return { kind: "deployment", id: es[0].data!.deployment.id };
  return { kind: ns[0].type as "topology" | "failover" | "score", id: ns[0].id };
}

/** `items` with `selected` set exactly for `ids`; unchanged items keep their identity. */
export function withSelected<T extends Selectable>(items: T[], ids: ReadonlySet<string>): T[] {
  return items.map((x) => (!!x.selected === ids.has(x.id) ? x : { ...x, selected: ids.has(x.id) }));
}

/** The selected ids after React Flow's select changes; the same set when nothing changed. */
export function withSelectChanges(selected: ReadonlySet<string>, changes: readonly { type: string; id?: string; selected?: boolean }[]): ReadonlySet<string> {
  let next: Set<string> | undefined;
  for (const c of changes) {
    if (c.type !== "select" || !c.id || (next ?? selected).has(c.id) === !!c.selected) continue;
    next ??= new Set(selected);
    if (c.selected) next.add(c.id);
    else next.delete(c.id);
  }
  return next ?? selected;
}
