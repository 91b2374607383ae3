import type { Edge, Node } from "@xyflow/react";
import type { DeployStatusView, PlanMark } from "../shared/protocol/webview";
import { isInline } from "../shared/model/ids";
import type { DeploymentEdgeData, Graph, GraphEdge, GraphNode, NodeData } from "../shared/diagram/graph";
import type { Point } from "../shared/diagram/layout";

/** The canvas graph as React Flow's nodes and edges: pure data, built outside React. */

export type FlowNode = Node<NodeData>;
export type FlowEdge = Edge<DeploymentEdgeData>;

/** A node of the graph; a top-level node at `at`, a nested one where its group's slot puts it. */
export function flowNode(g: GraphNode, at: Point | undefined, selected: boolean): FlowNode {
  return {
    id: g.id,
    type: g.type,
    position: g.parentId ? g.relative! : (at ?? { x: 0, y: 0 }),
    parentId: g.parentId,
    // A failover's side stays in its slot; a multisite's site can be dragged to another slot or out.
    draggable: !g.parentId || !!g.site,
    width: g.width,
    height: g.height,
    data: g.data,
    selected,
    ariaLabel: ariaLabelOf(g.data),
    zIndex: g.type === "failover" ? 0 : undefined,
  };
}

export function flowNodes(graph: Graph, positions: ReadonlyMap<string, Point>, selected: ReadonlySet<string>): FlowNode[] {
  return graph.nodes.map((g) => flowNode(g, positions.get(g.id), selected.has(g.id)));
}

/** What each plan mark says, in the legend and to screen readers. */
export const PLAN_MARK_TEXT: Readonly<Record<PlanMark, string>> = {
  create: "would be created",
  change: "would change",
  unchanged: "would stay unchanged",
  apply: "would be applied",
};

/** One edge per deployment, with how its last deploy ended when there is one, or what a deploy would do. */
export function flowEdge(g: GraphEdge, status: DeployStatusView | undefined, selected: boolean, planMark?: PlanMark): FlowEdge {
  const d = g.data.deployment;
  const data = status || planMark ? { ...g.data, ...(status && { status }), ...(planMark && { planMark }) } : g.data;
  return {
    id: g.id,
    source: g.source,
    target: g.target,
    type: "deployment",
    data,
    className: planMark && `plan-${planMark}`,
    selected,
    reconnectable: !!d.constName || !isInline(d.id),
    ariaLabel: `deployment ${d.id}${g.data.rejected ? `, rejected: ${g.data.message}` : ""}${status ? `, last deploy ${status.outcome}` : ""}${planMark ? `, plan: ${PLAN_MARK_TEXT[planMark]}` : ""}`,
    zIndex: 1,
  };
}

export function flowEdges(
  graph: Graph,
  statuses: Readonly<Record<string, DeployStatusView>>,
  selected: ReadonlySet<string>,
  planMarks: Readonly<Record<string, PlanMark>> = {},
): FlowEdge[] {
  return graph.edges.map((g) => flowEdge(g, statuses[g.data.deployment.id], selected.has(g.id), planMarks[g.id]));
}

/** The nodes a plan preview marks, coloured and labelled; the same array when nothing is marked. */
export function withPlanMarks(nodes: FlowNode[], planMarks: Readonly<Record<string, PlanMark>> | undefined): FlowNode[] {
  if (!planMarks || !nodes.some((n) => planMarks[n.id])) return nodes;
  return nodes.map((n) => {
    const mark = planMarks[n.id];
    return mark ? { ...n, className: `plan-${mark}`, ariaLabel: `${n.ariaLabel}, plan: ${PLAN_MARK_TEXT[mark]}` } : n;
  });
}

export function selectedIds(items: readonly { id: string; selected?: boolean }[]): Set<string> {
  return new Set(items.filter((x) => x.selected).map((x) => x.id));
}

/** What a screen reader says for a node. */
export function ariaLabelOf(d: NodeData): string {
  if (d.role === "score") {
    const where = d.deployedOn.length ? `, runs on ${d.deployedOn.join(", ")}` : ", not deployed";
    return `${d.score.kind} score ${d.score.name}${where}${d.rejections.length ? `, rejected: ${d.rejections.join("; ")}` : ""}`;
  }
  const caps = d.topology.capabilities.length ? `, provides ${d.topology.capabilities.join(", ")}` : "";
  return `${d.role === "failover" ? "failover" : d.topology.kind} topology ${d.topology.name}${caps}${d.problems.length ? `, ${d.problems.length} problems` : ""}`;
}
