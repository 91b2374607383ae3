import type { KindSpec } from "../shared/model/kinds";
import { inlineId, isOwnTopLevel } from "../shared/model/ids";
import type { TopologyModel } from "../shared/model";
import type { DesignerOp } from "../shared/protocol/webview";
import type { NodeData } from "../shared/diagram/graph";
import type { Point } from "../shared/diagram/layout";
import type { Selection } from "./selection";

/**
 * From a user's gesture on the canvas and the model drawn to the op sent to the host: pure
 * functions, so what each gesture asks of the document is specified without a browser.
 */

/** The part of a React Flow node the gestures look at. */
export interface PlacedNode {
  id: string;
  type?: string;
  parentId?: string;
  position: Point;
  width?: number;
  height?: number;
  data: NodeData;
}

/** `base`, or `base-2`, `base-3`… when a topology or score of the model already has that name. */
export function uniqueName(model: TopologyModel, base: string): string {
  const used = new Set([...model.topologies.map((t) => t.name), ...model.scores.map((s) => s.name)]);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

/**
 * A new node of `kind` from the palette. A score goes on `onTopology` (it was dropped there), else
 * on the selected topology, else nowhere; a score cannot be deployed inline on a nested topology.
 */
export function addNode(kind: KindSpec, model: TopologyModel, selection: Selection, onTopology?: string): DesignerOp {
  const name = uniqueName(model, kind.defaultName);
  if (kind.role === "score") {
    const target = onTopology ?? (selection.kind === "topology" || selection.kind === "failover" ? selection.id : undefined);
    return { kind: "addScore", factory: kind.factory, name, topologyId: target && isOwnTopLevel(target) ? target : undefined };
  }
  return { kind: "addTopology", factory: kind.factory, name };
}

/**
 * A palette kind dropped at `at` (flow coordinates) over `hits`, the nodes under the pointer. A
 * score dropped on a topology deploys on the innermost one; anything else is placed where it fell.
 */
export function dropFromPalette(
  kind: KindSpec,
  model: TopologyModel,
  selection: Selection,
  at: Point,
  hits: readonly PlacedNode[],
): { op: DesignerOp; placeAt?: Point } {
  const topology = innermostTopology(hits);
  if (kind.role === "score" && topology) return { op: addNode(kind, model, selection, topology.id) };
  return { op: addNode(kind, model, selection), placeAt: at };
}

function innermostTopology(hits: readonly PlacedNode[]): PlacedNode | undefined {
  return hits
    .filter((n) => n.type === "topology" || n.type === "failover")
    .sort((a, b) => (a.width ?? 0) * (a.height ?? 0) - (b.width ?? 0) * (b.height ?? 0))[0];
}

/** Both selected topologies in a new failover (the first primary), when exactly two are selected. */
export function wrapSelection(model: TopologyModel, selection: Selection): DesignerOp | undefined {
  if (selection.kind !== "many" || selection.ids.length !== 2) return undefined;
  const [a, b] = selection.ids.map((id) => model.topologies.find((t) => t.id === id));
  if (!a || !b) return undefined;
  return { kind: "wrapInFailover", primary: a.id, replica: b.id, name: uniqueName(model, `${a.name}-failover`) };
}

/** The selected topologies (two or more) as the sites of a new multisite, in the order selected: the first is the primary site. */
export function wrapSelectionInMultisite(model: TopologyModel, selection: Selection): DesignerOp | undefined {
  if (selection.kind !== "many" || selection.ids.length < 2) return undefined;
  const sites = selection.ids.map((id) => model.topologies.find((t) => t.id === id));
  if (sites.some((t) => !t)) return undefined;
  return { kind: "wrapInMultisite", sites: sites.map((t) => t!.id), name: uniqueName(model, `${sites[0]!.name}-sites`) };
}

/** Delete removes one thing at a time; with several selected it says so instead. */
export function deleteSelection(selection: Selection): { op: DesignerOp } | { notice: string } | undefined {
  if (selection.kind === "none") return undefined;
  if (selection.kind === "many") return { notice: "Delete removes one thing at a time; select one node or edge." };
  return { op: { kind: "delete", id: selection.id } };
}

/** A handle may connect a topology (source) to a score (target), nothing else. */
export function canConnect(nodes: readonly { id: string; type?: string }[], source: string | null, target: string | null): boolean {
  return nodes.find((n) => n.id === target)?.type === "score" && nodes.find((n) => n.id === source)?.type !== "score";
}

/**
 * A connection drawn from topology `source` to score `target`: a score declared inline in its
 * deployment moves with it; a score declared on its own gets a new deployment.
 */
export function connectScore(model: TopologyModel, source: string | null, target: string | null): DesignerOp | undefined {
  const score = model.scores.find((s) => s.id === target);
  if (!score || !source) return undefined;
  const inline = model.deployments.find((d) => d.score === score.id && score.id === inlineId(d.id, "score"));
  if (inline) return { kind: "moveDeployment", deploymentId: inline.id, topologyId: source };
  return { kind: "attachScore", scoreId: score.id, topologyId: source };
}

/** A deployment's edge dragged from `from` to topology `to`. */
export function reconnectDeployment(deploymentId: string | undefined, from: string, to: string | null): DesignerOp | undefined {
  if (!deploymentId || !to || to === from) return undefined;
  return { kind: "moveDeployment", deploymentId, topologyId: to };
}

/**
 * A top-level topology dropped at `at` (flow coordinates) on an empty failover slot fills it; on a
 * multisite's slot it becomes a site there. A multisite's site dragged to another of its slots
 * moves there (to the first slot: the primary site), and dragged out of the multisite leaves it.
 * A score, a failover's side, or a drop anywhere else asks nothing.
 */
export function dropOnSlot(dragged: PlacedNode, nodes: readonly PlacedNode[], at: Point): DesignerOp | undefined {
  if (dragged.type === "score") return undefined;
  const slot = slotAt(nodes, dragged.id, at);
  const parent = dragged.parentId ? nodes.find((n) => n.id === dragged.parentId) : undefined;
  if (dragged.parentId) {
    if (parent?.data.role !== "failover" || parent.data.topology.kind !== "multisite") return undefined;
    const slots = parent.data.slots;
    const from = slots.find((s) => s.childId === dragged.id)?.site;
    if (from === undefined) return undefined;
    if (slot?.groupId === parent.id && slot.site !== undefined) {
      const to = Math.min(slot.site, slots.length - 2);
      return to === from ? undefined : { kind: "moveSite", multisiteId: parent.id, from, to };
    }
    return slot?.groupId === parent.id || inside(nodes, parent, at) ? undefined : { kind: "removeSite", multisiteId: parent.id, index: from };
  }
  if (!slot) return undefined;
  if (slot.site !== undefined) return { kind: "addSite", multisiteId: slot.groupId, topologyId: dragged.id, index: slot.site };
  if (slot.side === "primary" || slot.side === "replica") return { kind: "fillSlot", failoverId: slot.groupId, side: slot.side, topologyId: dragged.id };
  return undefined;
}

/** Where a node is on the canvas: its own position plus its groups'. */
function absoluteOf(nodes: readonly PlacedNode[]): (n: PlacedNode) => Point {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const absolute = (n: PlacedNode, depth = 0): Point => {
    const parent = n.parentId && depth < 64 ? byId.get(n.parentId) : undefined;
    const p = parent ? absolute(parent, depth + 1) : { x: 0, y: 0 };
    return { x: p.x + n.position.x, y: p.y + n.position.y };
  };
  return absolute;
}

function inside(nodes: readonly PlacedNode[], n: PlacedNode, at: Point): boolean {
  const o = absoluteOf(nodes)(n);
  return at.x >= o.x && at.x <= o.x + (n.width ?? 0) && at.y >= o.y && at.y <= o.y + (n.height ?? 0);
}

/**
 * The innermost slot under a point that a drop can go to — an empty failover slot, or any slot of
 * a multisite — not one of the dragged node's own.
 */
export function slotAt(nodes: readonly PlacedNode[], draggedId: string, at: Point): { groupId: string; side: string; site?: number } | undefined {
  const absolute = absoluteOf(nodes);
  let best: { groupId: string; side: string; site?: number; area: number } | undefined;
  for (const n of nodes) {
    if (n.id === draggedId || n.data.role !== "failover") continue;
    const origin = absolute(n);
    const multisite = n.data.topology.kind === "multisite";
    for (const s of n.data.slots) {
      if (!multisite && (s.childId || s.note !== "empty")) continue;
      if (s.childId === draggedId) continue;
      if (at.x >= origin.x + s.x && at.x <= origin.x + s.x + s.width && at.y >= origin.y + s.y && at.y <= origin.y + s.y + s.height) {
        const area = s.width * s.height;
        if (!best || area < best.area) best = { groupId: n.id, side: s.side, ...(s.site === undefined ? {} : { site: s.site }), area };
      }
    }
  }
  if (!best) return undefined;
  const { area: _area, ...slot } = best;
  return slot;
}

/** The empty failover slot under a point, if any (not one of the dragged node's own). */
export function emptySlotAt(nodes: readonly PlacedNode[], draggedId: string, at: Point): { failoverId: string; side: "primary" | "replica" } | undefined {
  const slot = slotAt(nodes, draggedId, at);
  return slot && (slot.side === "primary" || slot.side === "replica") ? { failoverId: slot.groupId, side: slot.side } : undefined;
}
