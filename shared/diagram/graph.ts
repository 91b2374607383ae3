import type { Deployment, Score, Topology, TopologyDiagnostic, TopologyModel } from "../model";
import { kindSpec } from "../model/kinds";
import { deploymentNodeId } from "../model/ids";
import type { DeployStatusView, PlanMark } from "../protocol/webview";

/**
 * The canvas graph of a model: pure data, computed outside React. Failovers are groups whose
 * primary and replica slots hold their sides (nested failovers nest); a multisite is a group with a
 * slot per site, the first one primary, and one more to drop a new site in; scores join their
 * topology by one edge per deployment.
 */

export const SIZES = {
  topology: { width: 210, chipsPerRow: 3, base: 58, chipRow: 20 },
  score: { width: 190, height: 62 },
  failover: { pad: 12, header: 52, slotLabel: 20, gap: 16, emptySlot: { width: 150, height: 60 } },
} as const;

export interface Slot {
  /** What the slot is called: a failover's `primary`/`replica`, or a multisite's `site 1 · primary`, `site 2`…, `add a site`. */
  side: string;
  /** For a multisite: the index of the site the slot holds, or the number of sites for the slot that adds one. */
  site?: number;
  /** The slot's box relative to the group. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** The nested node, or undefined when the side is drawn elsewhere or cannot be resolved. */
  childId?: string;
  /** What the slot says when its side is not nested in it. */
  note?: string;
}

export interface TopologyData {
  [key: string]: unknown;
  role: "topology";
  topology: Topology;
  icon: string;
  problems: string[];
}

export interface FailoverData {
  [key: string]: unknown;
  role: "failover";
  topology: Topology;
  icon: string;
  slots: Slot[];
  problems: string[];
}

export interface ScoreData {
  [key: string]: unknown;
  role: "score";
  score: Score;
  icon: string;
  /** Messages of the deployments of this score the checker rejects. */
  rejections: string[];
  deployedOn: string[];
}

export type NodeData = TopologyData | FailoverData | ScoreData;

export interface GraphNode {
  id: string;
  type: NodeData["role"];
  parentId?: string;
  /** Position relative to the parent, for nested nodes. */
  relative?: { x: number; y: number };
  /** A multisite's site: dragged to another slot or out of the group, it moves or leaves. */
  site?: boolean;
  width: number;
  height: number;
  data: NodeData;
}

export interface DeploymentEdgeData {
  [key: string]: unknown;
  deployment: Deployment;
  rejected: boolean;
  message?: string;
  /** How its last deploy ended, when it has been deployed from this workspace. */
  status?: DeployStatusView;
  /** What a previewed deploy would do to it. */
  planMark?: PlanMark;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  data: DeploymentEdgeData;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Problems that are errors, for the status line. */
  errorCount: number;
  warningCount: number;
}

export const edgeId = deploymentNodeId;

export function buildGraph(model: TopologyModel, diagnostics: TopologyDiagnostic[]): Graph {
  const topologies = new Map(model.topologies.map((t) => [t.id, t]));
  const problemsBySubject = new Map<string, string[]>();
  for (const d of diagnostics) {
    if (!d.subject) continue;
    const list = problemsBySubject.get(d.subject) ?? [];
    list.push(`${d.code}: ${d.message}`);
    problemsBySubject.set(d.subject, list);
  }

  // Each side nests in the first failover or multisite that names it.
  const parentOf = new Map<string, { parent: string; side: string }>();
  for (const t of model.topologies) {
    const parts = t.kind === "failover" ? (["primary", "replica"] as const).map((side) => ({ child: t[side], side })) : t.kind === "multisite" ? (t.sites ?? []).map((child, i) => ({ child, side: siteLabel(i) })) : [];
    for (const { child, side } of parts) {
      if (child && topologies.has(child) && !parentOf.has(child) && child !== t.id && !isAncestor(child, t.id, parentOf)) {
        parentOf.set(child, { parent: t.id, side });
      }
    }
  }

  const boxes = new Map<string, { width: number; height: number; slots?: Slot[] }>();
  const boxOf = (id: string, depth = 0): { width: number; height: number; slots?: Slot[] } => {
    const cached = boxes.get(id);
    if (cached) return cached;
    const t = topologies.get(id)!;
    let box: { width: number; height: number; slots?: Slot[] };
    if ((t.kind === "failover" || t.kind === "multisite") && depth < 32) {
      const f = SIZES.failover;
      const slots: Slot[] = [];
      let x = f.pad;
      let tallest = 0;
      const parts: { childId: string | undefined; side: string; site?: number }[] =
        t.kind === "failover"
          ? (["primary", "replica"] as const).map((side) => ({ childId: t[side], side }))
          : [...(t.sites ?? []).map((id, i) => ({ childId: id || undefined, side: siteLabel(i), site: i })), { childId: undefined, side: "add a site", site: t.sites?.length ?? 0 }];
      for (const { childId, side, site } of parts) {
        const nested = childId !== undefined && parentOf.get(childId)?.parent === id;
        const child = nested ? boxOf(childId, depth + 1) : f.emptySlot;
        slots.push({
          side,
          ...(site === undefined ? {} : { site }),
          x,
          y: f.header,
          width: child.width,
          height: child.height + f.slotLabel,
          childId: nested ? childId : undefined,
          note: nested ? undefined : childId ? `${topologies.get(childId)?.name ?? childId} (drawn elsewhere)` : "empty",
        });
        x += child.width + f.gap;
        tallest = Math.max(tallest, child.height);
      }
      box = { width: x - f.gap + f.pad, height: f.header + f.slotLabel + tallest + f.pad, slots };
    } else {
      const s = SIZES.topology;
      const rows = Math.max(1, Math.ceil(t.capabilities.length / s.chipsPerRow));
      box = { width: s.width, height: s.base + rows * s.chipRow };
    }
    boxes.set(id, box);
    return box;
  };

  const nodes: GraphNode[] = [];
  const depthOf = (id: string): number => {
    let d = 0;
    for (let p = parentOf.get(id); p && d < 64; p = parentOf.get(p.parent)) d++;
    return d;
  };
  for (const t of model.topologies) {
    const box = boxOf(t.id);
    const icon = kindSpec(t.kind)?.icon ?? "◇";
    const problems = problemsBySubject.get(t.id) ?? [];
    const p = parentOf.get(t.id);
    let relative: { x: number; y: number } | undefined;
    if (p) {
      const slot = boxOf(p.parent).slots!.find((s) => s.side === p.side)!;
      relative = { x: slot.x, y: slot.y + SIZES.failover.slotLabel };
    }
    nodes.push({
      id: t.id,
      type: box.slots ? "failover" : "topology",
      parentId: p?.parent,
      relative,
      ...(p && topologies.get(p.parent)?.kind === "multisite" ? { site: true } : {}),
      width: box.width,
      height: box.height,
      data: box.slots
        ? { role: "failover", topology: t, icon, slots: box.slots, problems }
        : { role: "topology", topology: t, icon, problems },
    });
  }
  // A parent must come before its children.
  nodes.sort((a, b) => depthOf(a.id) - depthOf(b.id));

  const edges: GraphEdge[] = [];
  const rejections = new Map<string, string[]>();
  const deployedOn = new Map<string, string[]>();
  const scores = new Set(model.scores.map((s) => s.id));
  for (const d of model.deployments) {
    if (!d.score || !scores.has(d.score)) continue;
    const message = d.missing.length > 0 ? rejectionMessage(d, model, diagnostics, problemsBySubject) : undefined;
    if (message) rejections.set(d.score, [...(rejections.get(d.score) ?? []), message]);
    if (d.topology && topologies.has(d.topology)) {
      deployedOn.set(d.score, [...(deployedOn.get(d.score) ?? []), d.topology]);
      edges.push({ id: edgeId(d.id), source: d.topology, target: d.score, data: { deployment: d, rejected: d.missing.length > 0, message } });
    }
  }
  for (const s of model.scores) {
    nodes.push({
      id: s.id,
      type: "score",
      width: SIZES.score.width,
      height: SIZES.score.height,
      data: {
        role: "score",
        score: s,
        icon: kindSpec(s.kind)?.icon ?? "◇",
        rejections: rejections.get(s.id) ?? [],
        deployedOn: deployedOn.get(s.id) ?? [],
      },
    });
  }
  return {
    nodes,
    edges,
    errorCount: diagnostics.filter((d) => d.severity === "error").length,
    warningCount: diagnostics.filter((d) => d.severity === "warning").length,
  };
}

/** A multisite's slot label: its first site is the primary one. */
function siteLabel(i: number): string {
  return i === 0 ? "site 1 · primary" : `site ${i + 1}`;
}

function isAncestor(candidate: string, of: string, parentOf: Map<string, { parent: string }>): boolean {
  for (let p = parentOf.get(of); p; p = parentOf.get(p.parent)) if (p.parent === candidate) return true;
  return false;
}

function rejectionMessage(
  d: Deployment,
  model: TopologyModel,
  diagnostics: TopologyDiagnostic[],
  bySubject: Map<string, string[]>,
): string {
  const own = bySubject.get(d.id);
  if (own && own.length > 0) return own.join("\n");
  const inside = diagnostics.filter(
    (x) => x.code === "HARMONY1001" && x.range.start.line >= d.location.range.start.line && x.range.end.line <= d.location.range.end.line,
  );
  if (inside.length > 0) return inside.map((x) => `${x.code}: ${x.message}`).join("\n");
  const topology = model.topologies.find((t) => t.id === d.topology);
  const score = model.scores.find((s) => s.id === d.score);
  return `HARMONY1001: topology "${topology?.name ?? d.topology}" does not provide ${d.missing.join(", ")}, which score "${score?.name ?? d.score}" requires`;
}
