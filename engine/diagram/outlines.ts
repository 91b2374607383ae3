// Text as glyph outlines, for the PNG only. resvg shapes and outlines every <text> element on its
// own, which costs several seconds for the ~8000 labels of a 1000-node model (measured by
// `npm run bench -- diagram`); each glyph of the bundled font is outlined here once, into <defs>,
// and every label becomes <use> references to it. The font's `glyf` table is read directly (simple
// and composite glyphs, TrueType quadratic curves): about a hundred lines against a font library.
// The SVG the user gets keeps its <text>, searchable and accessible; only the rasterised copy changes.
import { readFileSync } from "node:fs";

interface Font {
  data: Buffer;
  unitsPerEm: number;
  glyphOffset(glyph: number): { start: number; end: number };
  glyphOf(cp: number): number;
  advance(glyph: number): number;
}

const fonts = new Map<string, Font>();

function loadFont(file: string): Font {
  const known = fonts.get(file);
  if (known) return known;
  const data = readFileSync(file);
  const tables = new Map<string, number>();
  for (let i = 0, n = data.readUInt16BE(4); i < n; i++) tables.set(data.toString("latin1", 12 + i * 16, 16 + i * 16), data.readUInt32BE(20 + i * 16));
  const head = tables.get("head")!;
  const longLoca = data.readInt16BE(head + 50) === 1;
  const loca = tables.get("loca")!;
  const glyf = tables.get("glyf")!;
  const hMetrics = data.readUInt16BE(tables.get("hhea")! + 34);
  const hmtx = tables.get("hmtx")!;
  const cmap = tables.get("cmap")!;
  let sub = 0;
  for (let i = 0, n = data.readUInt16BE(cmap + 2); i < n && !sub; i++) {
    const at = cmap + 4 + i * 8;
    if ((data.readUInt16BE(at) === 3 && data.readUInt16BE(at + 2) === 1) || data.readUInt16BE(at) === 0) sub = cmap + data.readUInt32BE(at + 4);
  }
  const segs = data.readUInt16BE(sub + 6) / 2;
  const ends = sub + 14, starts = ends + segs * 2 + 2, deltas = starts + segs * 2, offsets = deltas + segs * 2;
  const font: Font = {
    data,
    unitsPerEm: data.readUInt16BE(head + 18),
    glyphOffset: (g) => {
      const at = (i: number) => (longLoca ? data.readUInt32BE(loca + 4 * i) : 2 * data.readUInt16BE(loca + 2 * i));
      return { start: glyf + at(g), end: glyf + at(g + 1) };
    },
    glyphOf: (cp) => {
      for (let s = 0; s < segs; s++) {
        if (data.readUInt16BE(ends + 2 * s) < cp) continue;
        const start = data.readUInt16BE(starts + 2 * s);
        if (start > cp) return 0;
        const delta = data.readInt16BE(deltas + 2 * s);
        const ro = data.readUInt16BE(offsets + 2 * s);
        if (ro === 0) return (cp + delta) & 0xffff;
        const g = data.readUInt16BE(offsets + 2 * s + ro + 2 * (cp - start));
        return g === 0 ? 0 : (g + delta) & 0xffff;
      }
      return 0;
    },
    advance: (g) => data.readUInt16BE(hmtx + 4 * Math.min(g, hMetrics - 1)),
  };
  fonts.set(file, font);
  return font;
}

type Contour = { x: number; y: number; on: boolean }[];

/** The contours of a glyph, in font units, y up. */
function contours(font: Font, glyph: number, depth = 0): Contour[] {
  const { data } = font;
  const { start, end } = font.glyphOffset(glyph);
  if (end <= start || depth > 8) return [];
  const count = data.readInt16BE(start);
  if (count < 0) {
    // A composite: other glyphs, moved (and sometimes scaled).
    const out: Contour[] = [];
    let at = start + 10;
    for (;;) {
      const flags = data.readUInt16BE(at);
      const component = data.readUInt16BE(at + 2);
      at += 4;
      let dx: number, dy: number;
      if (flags & 1) (dx = data.readInt16BE(at)), (dy = data.readInt16BE(at + 2)), (at += 4);
      else (dx = data.readInt8(at)), (dy = data.readInt8(at + 1)), (at += 2);
      let a = 1, b = 0, c = 0, d = 1;
      if (flags & 8) (a = d = data.readInt16BE(at) / 16384), (at += 2);
      else if (flags & 0x40) (a = data.readInt16BE(at) / 16384), (d = data.readInt16BE(at + 2) / 16384), (at += 4);
      else if (flags & 0x80) (a = data.readInt16BE(at) / 16384), (b = data.readInt16BE(at + 2) / 16384), (c = data.readInt16BE(at + 4) / 16384), (d = data.readInt16BE(at + 6) / 16384), (at += 8);
      const moved = (flags & 2) === 0 ? { x: 0, y: 0 } : { x: dx, y: dy };
      for (const contour of contours(font, component, depth + 1)) {
        out.push(contour.map((p) => ({ x: a * p.x + c * p.y + moved.x, y: b * p.x + d * p.y + moved.y, on: p.on })));
      }
      if (!(flags & 0x20)) break;
    }
    return out;
  }
  const endPoints: number[] = [];
  for (let i = 0; i < count; i++) endPoints.push(data.readUInt16BE(start + 10 + 2 * i));
  const points = count ? endPoints[count - 1] + 1 : 0;
  let at = start + 10 + 2 * count;
  at += 2 + data.readUInt16BE(at); // instructions
  const flags: number[] = [];
  while (flags.length < points) {
    const f = data[at++];
    flags.push(f);
    if (f & 8) for (let r = data[at++]; r > 0; r--) flags.push(f);
  }
  const read = (short: number, same: number) => {
    const out: number[] = [];
    let v = 0;
    for (const f of flags) {
      if (f & short) v += data[at++] * (f & same ? 1 : -1);
      else if (!(f & same)) (v += data.readInt16BE(at)), (at += 2);
      out.push(v);
    }
    return out;
  };
  const xs = read(2, 16);
  const ys = read(4, 32);
  const out: Contour[] = [];
  let first = 0;
  for (const last of endPoints) {
    const contour: Contour = [];
    for (let i = first; i <= last; i++) contour.push({ x: xs[i], y: ys[i], on: (flags[i] & 1) === 1 });
    out.push(contour);
    first = last + 1;
  }
  return out;
}

/** A glyph as SVG path data, y flipped to point down. */
function glyphPath(font: Font, glyph: number): string {
  const parts: string[] = [];
  const pt = (p: { x: number; y: number }) => `${Math.round(p.x)} ${Math.round(-p.y)}`;
  for (const contour of contours(font, glyph)) {
    if (contour.length === 0) continue;
    // Start on an on-curve point (or the midpoint of two off-curve ones).
    const startIndex = contour.findIndex((p) => p.on);
    const ring = startIndex < 0 ? contour : [...contour.slice(startIndex), ...contour.slice(0, startIndex)];
    const start = startIndex < 0 ? { x: (ring[0].x + ring[ring.length - 1].x) / 2, y: (ring[0].y + ring[ring.length - 1].y) / 2, on: true } : ring[0];
    parts.push(`M${pt(start)}`);
    let control: { x: number; y: number } | undefined;
    for (const p of [...ring.slice(startIndex < 0 ? 0 : 1), start]) {
      if (p.on) {
        parts.push(control ? `Q${pt(control)} ${pt(p)}` : `L${pt(p)}`);
        control = undefined;
      } else if (control) {
        const mid = { x: (control.x + p.x) / 2, y: (control.y + p.y) / 2 };
        parts.push(`Q${pt(control)} ${pt(mid)}`);
        control = p;
      } else control = p;
    }
    parts.push("Z");
  }
  return parts.join("");
}

const TEXT = /<text ([^>]*)>([^<]*)<\/text>/g;
const ATTR = /([\w-]+)="([^"]*)"/g;

function unescape(s: string): string {
  return s.replace(/&(amp|lt|gt|quot);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"' })[e]!);
}

/** The SVG with every <text> drawn as outlines of `fontFile`'s glyphs, each glyph defined once. */
export function outlineText(svg: string, fontFile: string): string {
  const font = loadFont(fontFile);
  const used = new Map<number, string>();
  const body = svg.replace(TEXT, (_, attrs: string, content: string) => {
    const a = Object.fromEntries([...attrs.matchAll(ATTR)].map((m) => [m[1], m[2]]));
    const size = Number(a["font-size"] ?? 12);
    const spacing = Number(a["letter-spacing"] ?? 0);
    const scale = size / font.unitsPerEm;
    const glyphs = [...unescape(content)].map((ch) => font.glyphOf(ch.codePointAt(0)!));
    const width = glyphs.reduce((w, g) => w + font.advance(g) * scale + spacing, 0) - (glyphs.length ? spacing : 0);
    const anchor = a["text-anchor"];
    let x = Number(a.x ?? 0) - (anchor === "end" ? width : anchor === "middle" ? width / 2 : 0);
    const uses: string[] = [];
    for (const g of glyphs) {
      if (!used.has(g)) used.set(g, glyphPath(font, g));
      if (used.get(g)) uses.push(`<use href="#g${g}" transform="translate(${round(x)},${a.y ?? 0}) scale(${round(scale, 5)})"/>`);
      x += font.advance(g) * scale + spacing;
    }
    const opacity = a.opacity ? ` opacity="${a.opacity}"` : "";
    return `<g fill="${a.fill ?? "#000"}"${opacity}>${uses.join("")}</g>`;
  });
  const defs = `<defs>${[...used].filter(([, d]) => d).map(([g, d]) => `<path id="g${g}" d="${d}"/>`).join("")}</defs>`;
  return body.replace(/(<svg [^>]*>)/, `$1${defs}`);
}

function round(x: number, digits = 2): string {
  const f = 10 ** digits;
  return String(Math.round(x * f) / f);
}
