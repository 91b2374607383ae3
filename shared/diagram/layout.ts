import ELK from "elkjs/lib/elk.bundled.js";
import type { ElkNode } from "elkjs/lib/elk-api";
import { SIZES, type Graph, type GraphNode } from "./graph";

export type Point = { x: number; y: number };

const elk = new ELK();

/**
 * Positions the top-level nodes. Nodes with a known position (dragged, dropped, or drawn before)
 * keep it; when none is known the whole graph is laid out by elkjs (layered, left to right); new
 * nodes are placed beside what they connect to, so adding one never reshuffles the others.
 */
export async function layoutGraph(graph: Graph, known: ReadonlyMap<string, Point>): Promise<Map<string, Point>> {
  return placeAroundKnown(graph, known) ?? layered(graph);
}

/**
 * The layout of a graph some of whose top-level nodes already have a place, computed at once
 * (new nodes go beside what they connect to); `undefined` when none has one and the graph needs a
 * full layout. A redraw after an edit takes this path, so the canvas can draw in the same turn as
 * the model arrives.
 */
export function placeAroundKnown(graph: Graph, known: ReadonlyMap<string, Point>): Map<string, Point> | undefined {
  const top = graph.nodes.filter((n) => !n.parentId);
  return top.some((n) => known.has(n.id)) ? placeNew(graph, top, known) : undefined;
}

/**
 * A full layered layout of the top-level nodes, left to right; edges to nested nodes count for their
 * group. Each connected component is laid out on its own and the components are packed in rows.
 * The common component — one topology and the scores deployed only on it — has one layered
 * layout (topology in the first layer, its scores stacked in the second), written out directly;
 * every other component goes to elkjs. A cold elkjs costs about 2.5 ms a node in Chromium, which a
 * model of stars does not need to pay.
 */
export async function layered(graph: Graph, top: GraphNode[] = graph.nodes.filter((n) => !n.parentId)): Promise<Map<string, Point>> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const topOf = (id: string) => {
    let n = byId.get(id);
    while (n?.parentId) n = byId.get(n.parentId);
    return n?.id;
  };
  const index = new Map(top.map((n, i) => [n.id, i]));
  const parent = top.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const edges = new Map<string, { id: string; sources: string[]; targets: string[] }>();
  for (const e of graph.edges) {
    const s = topOf(e.source);
    const t = topOf(e.target);
    if (!s || !t || s === t || !index.has(s) || !index.has(t)) continue;
    edges.set(`${s}->${t}`, { id: `${s}->${t}`, sources: [s], targets: [t] });
    parent[find(index.get(s)!)] = find(index.get(t)!);
  }
  const components = new Map<number, GraphNode[]>();
  top.forEach((n, i) => {
    const root = find(i);
    const list = components.get(root) ?? [];
    list.push(n);
    components.set(root, list);
  });
  const laidOut: { nodes: Map<string, Point>; width: number; height: number }[] = [];
  for (const members of components.values()) {
    const sources = members.filter((n) => n.type !== "score");
    const local =
      sources.length <= 1
        ? star(sources[0], members.filter((n) => n.type === "score"))
        : await elkComponent(members, [...edges.values()].filter((e) => members.some((m) => m.id === e.sources[0])));
    let width = 0;
    let height = 0;
    for (const n of members) {
      const p = local.get(n.id)!;
      width = Math.max(width, p.x + n.width);
      height = Math.max(height, p.y + n.height);
    }
    laidOut.push({ nodes: local, width, height });
  }
  // Shelf packing, in model order: rows about as wide as the whole drawing is tall.
  const area = laidOut.reduce((a, c) => a + (c.width + GAP) * (c.height + GAP), 0);
  const rowWidth = Math.max(800, Math.sqrt(area) * 1.6);
  const out = new Map<string, Point>();
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const c of laidOut) {
    if (x > 0 && x + c.width > rowWidth) {
      x = 0;
      y += rowHeight + GAP;
      rowHeight = 0;
    }
    for (const [id, p] of c.nodes) out.set(id, { x: x + p.x, y: y + p.y });
    x += c.width + GAP;
    rowHeight = Math.max(rowHeight, c.height);
  }
  return out;
}

const GAP = 40;
const LAYER_GAP = 90;
const NODE_GAP = 24;

/** One topology (or none) in the first layer, its scores stacked in the second, centred on it. */
function star(source: GraphNode | undefined, scores: GraphNode[]): Map<string, Point> {
  const out = new Map<string, Point>();
  const stack = scores.reduce((h, s) => h + s.height, 0) + NODE_GAP * Math.max(0, scores.length - 1);
  const sourceHeight = source?.height ?? 0;
  const height = Math.max(stack, sourceHeight);
  if (source) out.set(source.id, { x: 0, y: (height - sourceHeight) / 2 });
  let y = (height - stack) / 2;
  const x = source ? source.width + LAYER_GAP : 0;
  for (const s of scores) {
    out.set(s.id, { x, y });
    y += s.height + NODE_GAP;
  }
  return out;
}

async function elkComponent(members: GraphNode[], edges: { id: string; sources: string[]; targets: string[] }[]): Promise<Map<string, Point>> {
  const root: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.spacing.nodeNode": String(NODE_GAP),
      "elk.layered.spacing.nodeNodeBetweenLayers": String(LAYER_GAP),
      "elk.layered.thoroughness": "3",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
      "elk.padding": "[top=0,left=0,bottom=0,right=0]",
    },
    children: members.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    edges,
  };
  const result = await elk.layout(root);
  const out = new Map<string, Point>();
  for (const c of result.children ?? []) out.set(c.id, { x: c.x ?? 0, y: c.y ?? 0 });
  return out;
}

interface Box extends Point {
  width: number;
  height: number;
}

function overlaps(a: Box, b: Box, margin = 16): boolean {
  return a.x < b.x + b.width + margin && b.x < a.x + a.width + margin && a.y < b.y + b.height + margin && b.y < a.y + a.height + margin;
}

function placeNew(graph: Graph, top: GraphNode[], known: ReadonlyMap<string, Point>): Map<string, Point> {
  const out = new Map<string, Point>();
  const placed: Box[] = [];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const n of top) {
    const p = known.get(n.id);
    if (p) {
      out.set(n.id, p);
      placed.push({ ...p, width: n.width, height: n.height });
    }
  }
  const bottom = () => placed.reduce((m, b) => Math.max(m, b.y + b.height), 0);
  const left = () => placed.reduce((m, b) => Math.min(m, b.x), Infinity);
  const free = (start: Box): Point => {
    const box = { ...start };
    // A short, bounded walk downwards; new nodes are few, so this stays cheap.
    for (let i = 0; i < 400 && placed.some((b) => overlaps(box, b)); i++) box.y += 24;
    return { x: box.x, y: box.y };
  };
  const absolute = (id: string): Box | undefined => {
    const n = byId.get(id);
    if (!n) return undefined;
    if (!n.parentId) {
      const p = out.get(id);
      return p && { ...p, width: n.width, height: n.height };
    }
    const parent = absolute(n.parentId);
    return parent && n.relative && { x: parent.x + n.relative.x, y: parent.y + n.relative.y, width: n.width, height: n.height };
  };
  const pending = top.filter((n) => !out.has(n.id));
  // Groups first: a new failover takes the place of the sides it now holds.
  pending.sort((a, b) => (a.type === "score" ? 1 : 0) - (b.type === "score" ? 1 : 0));
  for (const n of pending) {
    let start: Box | undefined;
    if (n.type === "failover") {
      const children = graph.nodes.filter((c) => c.parentId === n.id && known.has(c.id)).map((c) => known.get(c.id)!);
      if (children.length > 0) {
        const f = SIZES.failover;
        start = {
          x: Math.min(...children.map((c) => c.x)) - f.pad,
          y: Math.min(...children.map((c) => c.y)) - f.header - f.slotLabel,
          width: n.width,
          height: n.height,
        };
        // The sides moved into the group: their old boxes no longer take room.
        for (let i = placed.length - 1; i >= 0; i--) {
          if (children.some((c) => c.x === placed[i].x && c.y === placed[i].y)) placed.splice(i, 1);
        }
        out.set(n.id, { x: start.x, y: start.y });
        placed.push(start);
        continue;
      }
    }
    if (n.type === "score") {
      const on = graph.edges.find((e) => e.target === n.id);
      const anchor = on && absolute(on.source);
      if (anchor) start = { x: anchor.x + anchor.width + 90, y: anchor.y, width: n.width, height: n.height };
    }
    start ??= { x: Number.isFinite(left()) ? left() : 0, y: bottom() + 40, width: n.width, height: n.height };
    const p = free(start);
    out.set(n.id, p);
    placed.push({ ...p, width: n.width, height: n.height });
  }
  return out;
}
