import { LATIN, LATIN_FIRST, SYMBOLS, UNITS_PER_EM } from "./glyph-widths";

/**
 * Text measured with the advance widths of the diagram's font (DejaVu Sans, bundled), not with a
 * browser: the CLI, the tests and the webview place and cut text identically, so a file gives the
 * same drawing everywhere. Kerning is ignored; names are cut with room to spare.
 */

export const DIAGRAM_FONT = "DejaVu Sans";

// A character the table does not know counts as wide as "M", so cut text never overflows.
const UNKNOWN = LATIN["M".charCodeAt(0) - LATIN_FIRST];

function advance(cp: number): number {
  const i = cp - LATIN_FIRST;
  if (i >= 0 && i < LATIN.length) return LATIN[i];
  return SYMBOLS[cp] ?? UNKNOWN;
}

/** The width of `text` at `size` pixels. */
export function textWidth(text: string, size: number): number {
  let units = 0;
  for (const ch of text) units += advance(ch.codePointAt(0)!);
  return (units * size) / UNITS_PER_EM;
}

/** `text`, cut with "…" so that it is at most `width` pixels wide at `size`. */
export function fitText(text: string, width: number, size: number): string {
  if (textWidth(text, size) <= width) return text;
  const chars = [...text];
  const room = width - textWidth("…", size);
  let used = 0;
  let n = 0;
  for (; n < chars.length; n++) {
    const w = (advance(chars[n].codePointAt(0)!) * size) / UNITS_PER_EM;
    if (used + w > room) break;
    used += w;
  }
  return chars.slice(0, n).join("").trimEnd() + "…";
}
