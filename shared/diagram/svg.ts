import type { Graph, GraphEdge, GraphNode } from "./graph";
import type { Point } from "./layout";
import { DIAGRAM_FONT, fitText, textWidth } from "./metrics";
import type { DiagramTheme } from "./theme";

/**
 * The diagram as a standalone SVG, drawn from the canvas graph and its positions with no browser:
 * the webview's export and `harmony diagram` both draw with it. Boxes look like the canvas's
 * (icon, name, kind, capability chips; failovers as containers with their slots), errors in red.
 * A review (a diff, a plan) adds marks: a tone per box or edge, notes, edges that are gone, and a
 * legend. The output depends only on its input: numbers are rounded, text is measured with the
 * bundled font's widths, so the same model gives the same bytes.
 */

export type Tone = "added" | "removed" | "changed" | "unchanged";

export interface Mark {
  tone: Tone;
  /** A short line drawn under the box or beside the edge (changed fields, "moved from …"). */
  note?: string;
}

/** An edge drawn in addition to the graph's: a deployment that is gone, or the old place of a moved one. */
export interface GhostEdge {
  source: string;
  target: string;
  tone: Tone;
  label?: string;
}

export interface Legend {
  title: string;
  entries: { tone: Tone; label: string }[];
}

export interface DiagramOptions {
  theme: DiagramTheme;
  /** Marks by node id and by edge id. */
  nodeMarks?: ReadonlyMap<string, Mark>;
  edgeMarks?: ReadonlyMap<string, Mark>;
  ghostEdges?: readonly GhostEdge[];
  legend?: Legend;
}

const MARGIN = 20;
const CHIP = { height: 16, pad: 5, gap: 3, size: 10 };

export function renderSvg(graph: Graph, positions: ReadonlyMap<string, Point>, options: DiagramOptions): string {
  const { theme } = options;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const abs = new Map<string, Point>();
  const absolute = (n: GraphNode, depth = 0): Point => {
    const cached = abs.get(n.id);
    if (cached) return cached;
    let p: Point = positions.get(n.id) ?? { x: 0, y: 0 };
    if (n.parentId && n.relative && depth < 64) {
      const parent = byId.get(n.parentId);
      const pp = parent ? absolute(parent, depth + 1) : { x: 0, y: 0 };
      p = { x: pp.x + n.relative.x, y: pp.y + n.relative.y };
    }
    abs.set(n.id, p);
    return p;
  };
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const n of graph.nodes) {
    const p = absolute(n);
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x + n.width);
    maxY = Math.max(maxY, p.y + n.height);
  }
  if (!Number.isFinite(minX)) (minX = 0), (minY = 0), (maxX = 200), (maxY = 60);
  // Room for the tone tags above containers.
  if ((options.nodeMarks?.size ?? 0) > 0) minY -= 14;

  const tone = (t: Tone) => theme[t];
  const groups: string[] = [];
  const boxes: string[] = [];
  for (const n of graph.nodes) {
    (n.type === "failover" ? groups : boxes).push(nodeSvg(n, absolute(n), theme, options.nodeMarks?.get(n.id)));
  }
  const edges: string[] = [];
  const labels: string[] = [];
  for (const g of options.ghostEdges ?? []) {
    const s = byId.get(g.source);
    const t = byId.get(g.target);
    if (s && t) edges.push(edgeSvg(absolute(s), s, absolute(t), t, { stroke: tone(g.tone), dashed: true, width: 1.5, label: g.label, labelColor: tone(g.tone), title: g.label ?? "" }, theme, labels));
  }
  for (const e of graph.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) continue;
    edges.push(edgeOf(e, absolute(s), s, absolute(t), t, theme, options.edgeMarks?.get(e.id), labels));
  }

  let legend = "";
  if (options.legend) {
    const y = maxY + 24;
    let x = minX;
    const parts = [`<text x="${n(x)}" y="${n(y)}" font-size="11" fill="${theme.foreground}">${esc(options.legend.title)}</text>`];
    x += textWidth(options.legend.title, 11) + 14;
    for (const entry of options.legend.entries) {
      parts.push(`<rect x="${n(x)}" y="${n(y - 9)}" width="10" height="10" rx="2" fill="${tone(entry.tone)}"/>`);
      parts.push(`<text x="${n(x + 14)}" y="${n(y)}" font-size="11" fill="${theme.foreground}">${esc(entry.label)}</text>`);
      x += 14 + textWidth(entry.label, 11) + 14;
    }
    maxX = Math.max(maxX, x);
    maxY = y + 4;
    legend = `<g class="legend">${parts.join("")}</g>`;
  }

  const x0 = minX - MARGIN;
  const y0 = minY - MARGIN;
  const w = maxX - minX + 2 * MARGIN;
  const h = maxY - minY + 2 * MARGIN;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(w)}" height="${n(h)}" viewBox="${n(x0)} ${n(y0)} ${n(w)} ${n(h)}" font-family="${DIAGRAM_FONT}, Verdana, sans-serif" role="img">\n` +
    `<rect x="${n(x0)}" y="${n(y0)}" width="${n(w)}" height="${n(h)}" fill="${theme.background}"/>\n` +
    [...groups, ...edges, ...boxes, ...labels].join("\n") +
    (legend ? `\n${legend}` : "") +
    `\n</svg>\n`
  );
}

function nodeSvg(node: GraphNode, at: Point, theme: DiagramTheme, mark: Mark | undefined): string {
  const d = node.data;
  const isScore = d.role === "score";
  const name = isScore ? d.score.name : d.topology.name;
  const kind = isScore ? d.score.kind : d.topology.kind;
  const chips = isScore ? d.score.requires : d.topology.capabilities;
  const problems = isScore ? d.rejections : d.problems;
  const inError = problems.length > 0;
  const markColor = mark ? theme[mark.tone] : undefined;
  const stroke = markColor ?? (inError ? theme.error : theme.border);
  const dashed = d.role === "failover" || mark?.tone === "removed";
  const fill = d.role === "failover" ? theme.groupBackground : theme.nodeBackground;
  const out: string[] = [`<g transform="translate(${n(at.x)},${n(at.y)})"${mark?.tone === "removed" ? ' opacity="0.75"' : ""}>`];
  const tooltip = [`${kind} ${name}`, ...problems, ...(mark?.note ? [mark.note] : [])].join("\n");
  out.push(`<title>${esc(tooltip)}</title>`);
  out.push(
    `<rect width="${n(node.width)}" height="${n(node.height)}" rx="6" fill="${fill}" stroke="${stroke}" stroke-width="${mark || inError ? 2 : 1}"${dashed ? ' stroke-dasharray="6 3"' : ""}/>`,
  );
  if (isScore) out.push(`<rect x="0.5" y="3" width="3" height="${n(node.height - 6)}" fill="${inError ? theme.error : theme.accent}"/>`);
  // Title row: icon, name, and the kind on the right, as on the canvas.
  const kindWidth = textWidth(kind, 11);
  const iconWidth = textWidth(d.icon, 13);
  out.push(`<text x="8" y="19" font-size="13" fill="${theme.foreground}">${esc(d.icon)}</text>`);
  out.push(`<text x="${n(8 + iconWidth + 6)}" y="19" font-size="13" fill="${theme.foreground}">${esc(fitText(name, node.width - 16 - iconWidth - 6 - kindWidth - 8, 13))}</text>`);
  out.push(`<text x="${n(node.width - 8)}" y="19" font-size="11" text-anchor="end" fill="${theme.foreground}" opacity="0.7">${esc(kind)}</text>`);
  out.push(chipsSvg(chips, isScore, node.width - 16, theme));
  if (d.role === "failover") {
    for (const s of d.slots) {
      // A multisite's last slot is where the canvas takes a new site: nothing to show in a picture.
      if ((s.side as string) === "add a site") continue;
      out.push(`<line x1="${n(s.x)}" y1="${n(s.y)}" x2="${n(s.x + s.width)}" y2="${n(s.y)}" stroke="${theme.border}" stroke-dasharray="1 2"/>`);
      out.push(`<text x="${n(s.x)}" y="${n(s.y + 13)}" font-size="10" fill="${theme.foreground}" opacity="0.75" letter-spacing="0.5">${s.side.toUpperCase()}</text>`);
      if (!s.childId) {
        out.push(`<rect x="${n(s.x)}" y="${n(s.y + 18)}" width="${n(s.width)}" height="${n(s.height - 18)}" rx="4" fill="none" stroke="${theme.border}" stroke-dasharray="4 2"/>`);
        if (s.note) out.push(`<text x="${n(s.x + 4)}" y="${n(s.y + 34)}" font-size="11" fill="${theme.foreground}" opacity="0.7">${esc(fitText(s.note, s.width - 8, 11))}</text>`);
      }
    }
  }
  if (mark) {
    // Boxes have room at the bottom; a container's bottom holds its slots, so its tag sits above it.
    const tag = esc(fitText(mark.note ? `${mark.tone}: ${mark.note}` : mark.tone, node.width - 16, 10));
    if (d.role === "failover") out.push(`<text x="2" y="-4" font-size="10" fill="${markColor}">${tag}</text>`);
    else out.push(`<text x="8" y="${n(node.height - 7)}" font-size="10" fill="${markColor}">${tag}</text>`);
  }
  out.push("</g>");
  return out.join("");
}

/** Chips in rows as wide as the box; a chip that does not fit any more is left out. */
function chipsSvg(items: readonly string[], outlined: boolean, width: number, theme: DiagramTheme): string {
  const out: string[] = [];
  let x = 8;
  let y = 28;
  for (const item of items) {
    const w = Math.min(textWidth(item, CHIP.size) + 2 * CHIP.pad, width);
    if (x > 8 && x + w > 8 + width) (x = 8), (y += CHIP.height + CHIP.gap);
    const fill = outlined ? "none" : theme.chipBackground;
    const color = outlined ? theme.foreground : theme.chipForeground;
    const stroke = outlined ? ` stroke="${theme.border}"` : "";
    out.push(
      `<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${CHIP.height}" rx="8" fill="${fill}"${stroke}/>` +
        `<text x="${n(x + CHIP.pad)}" y="${n(y + 12)}" font-size="${CHIP.size}" fill="${color}">${esc(fitText(item, w - 2 * CHIP.pad, CHIP.size))}</text>`,
    );
    x += w + CHIP.gap;
  }
  return out.join("");
}

function edgeOf(e: GraphEdge, a: Point, s: GraphNode, b: Point, t: GraphNode, theme: DiagramTheme, mark: Mark | undefined, labels: string[]): string {
  const rejected = e.data.rejected;
  const color = mark ? theme[mark.tone] : rejected ? theme.error : theme.border;
  const label = mark?.note ?? (rejected ? `✕ ${e.data.deployment.missing.join(", ")}` : undefined);
  return edgeSvg(a, s, b, t, {
    stroke: color,
    dashed: rejected || mark?.tone === "removed",
    width: mark || rejected ? 2 : 1.5,
    label,
    labelColor: color,
    title: e.data.message ?? `deployment ${e.data.deployment.id}`,
  }, theme, labels);
}

function edgeSvg(
  a: Point,
  s: GraphNode,
  b: Point,
  t: GraphNode,
  look: { stroke: string; dashed: boolean; width: number; label?: string; labelColor: string; title: string },
  theme: DiagramTheme,
  /** Labels are drawn over the boxes, after everything else. */
  labels: string[],
): string {
  const x1 = a.x + s.width, y1 = a.y + s.height / 2, x2 = b.x, y2 = b.y + t.height / 2;
  const dx = Math.max(40, Math.abs(x2 - x1) / 2);
  let out = `<path d="M${n(x1)},${n(y1)} C${n(x1 + dx)},${n(y1)} ${n(x2 - dx)},${n(y2)} ${n(x2)},${n(y2)}" fill="none" stroke="${look.stroke}" stroke-width="${look.width}"${look.dashed ? ' stroke-dasharray="6 3"' : ""}><title>${esc(look.title)}</title></path>`;
  if (look.label) {
    // The curve's midpoint, where the canvas puts its edge labels.
    const mx = (x1 + x2) / 2, my = (y1 + y2) / 2;
    const w = textWidth(look.label, 10) + 8;
    labels.push(`<rect x="${n(mx - w / 2)}" y="${n(my - 8)}" width="${n(w)}" height="16" rx="3" fill="${theme.background}" stroke="${look.labelColor}"/><text x="${n(mx)}" y="${n(my + 4)}" font-size="10" text-anchor="middle" fill="${look.labelColor}">${esc(look.label)}</text>`);
  }
  return out;
}

/** A coordinate with at most two decimals and no "-0": the same bytes on every machine. */
function n(x: number): string {
  const r = Math.round(x * 100) / 100;
  return String(r === 0 ? 0 : r);
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}
