import type { Graph, GraphNode } from "./graph";
import type { Point } from "./layout";

/**
 * The diagram as a standalone SVG: boxes, names, capabilities and deployment curves, in the colours
 * of the current theme resolved to literal values (the file must look the same outside VS Code).
 */
export function diagramSvg(graph: Graph, positions: ReadonlyMap<string, Point>): string {
  const css = getComputedStyle(document.body);
  const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const fg = color("--vscode-editor-foreground", "#333");
  const bg = color("--vscode-editor-background", "#fff");
  const nodeBg = color("--vscode-editorWidget-background", "#f3f3f3");
  const border = color("--vscode-editorWidget-border", "#999");
  const error = color("--vscode-errorForeground", "#e51400");
  const font = color("--vscode-font-family", "sans-serif").replace(/"/g, "'");

  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const abs = new Map<string, Point>();
  const absolute = (n: GraphNode): Point => {
    const cached = abs.get(n.id);
    if (cached) return cached;
    let p: Point = positions.get(n.id) ?? { x: 0, y: 0 };
    if (n.parentId && n.relative) {
      const parent = byId.get(n.parentId);
      const pp = parent ? absolute(parent) : { x: 0, y: 0 };
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
  if (!Number.isFinite(minX)) (minX = 0), (minY = 0), (maxX = 100), (maxY = 100);
  const m = 20;
  const parts: string[] = [];
  for (const e of graph.edges) {
    const s = byId.get(e.source);
    const t = byId.get(e.target);
    if (!s || !t) continue;
    const a = absolute(s);
    const b = absolute(t);
    const x1 = a.x + s.width, y1 = a.y + s.height / 2, x2 = b.x, y2 = b.y + t.height / 2;
    const dx = Math.max(40, Math.abs(x2 - x1) / 2);
    const stroke = e.data.rejected ? error : border;
    parts.push(
      `<path d="M${x1},${y1} C${x1 + dx},${y1} ${x2 - dx},${y2} ${x2},${y2}" fill="none" stroke="${stroke}" stroke-width="${e.data.rejected ? 2 : 1.5}"${e.data.rejected ? ' stroke-dasharray="6 3"' : ""}><title>${esc(e.data.message ?? e.data.deployment.id)}</title></path>`,
    );
  }
  for (const n of graph.nodes) {
    const p = absolute(n);
    const d = n.data;
    const name = d.role === "score" ? d.score.name : d.topology.name;
    const kind = d.role === "score" ? d.score.kind : d.topology.kind;
    const chips = d.role === "score" ? d.score.requires : d.topology.capabilities;
    const rejected = d.role === "score" && d.rejections.length > 0;
    parts.push(
      `<g transform="translate(${p.x},${p.y})"><rect width="${n.width}" height="${n.height}" rx="6" fill="${d.role === "failover" ? bg : nodeBg}" stroke="${rejected ? error : border}"${d.role === "failover" ? ' stroke-dasharray="4 2"' : ""}/>` +
        `<text x="10" y="20" font-size="13" font-weight="600" fill="${fg}">${esc(`${d.icon} ${name}`)}</text>` +
        `<text x="${n.width - 10}" y="20" font-size="11" text-anchor="end" fill="${fg}" opacity="0.7">${esc(kind)}</text>` +
        chunk(chips, 3)
          .map((row, i) => `<text x="10" y="${38 + i * 14}" font-size="10" fill="${fg}" opacity="0.8">${esc(row.join(" · "))}</text>`)
          .join("") +
        (d.role === "failover"
          ? d.slots.map((s) => `<text x="${s.x}" y="${s.y + 13}" font-size="10" fill="${fg}" opacity="0.7">${s.side}${s.note ? `: ${esc(s.note)}` : ""}</text>`).join("")
          : "") +
        `</g>`,
    );
  }
  const w = maxX - minX + 2 * m;
  const h = maxY - minY + 2 * m;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="${minX - m} ${minY - m} ${w} ${h}" font-family="${esc(font)}">` +
    `<rect x="${minX - m}" y="${minY - m}" width="${w}" height="${h}" fill="${bg}"/>` +
    parts.join("") +
    `</svg>`
  );
}

/** Rasterises an SVG at twice its size; returns a PNG data URL. */
export async function svgToPng(svg: string): Promise<string> {
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error("the diagram could not be drawn as an image"));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = img.width * 2;
    canvas.height = img.height * 2;
    const g = canvas.getContext("2d")!;
    g.scale(2, 2);
    g.drawImage(img, 0, 0);
    return canvas.toDataURL("image/png");
  } finally {
    URL.revokeObjectURL(url);
  }
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
