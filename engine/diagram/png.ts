// SVG to PNG with resvg, loaded on first use (a native module: only `--format png` pays for it).
// Only the bundled font is loaded, never the system's, so a PNG is the same on every machine.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { outlineText } from "./outlines";

const FONT = "DejaVuSans.ttf";

/** Where the bundled font is: beside the bundle in dist/, or in the source tree. */
export function diagramFontFile(): string {
  const candidates = [join(__dirname, "fonts", FONT), join(__dirname, "..", "..", "shared", "diagram", "fonts", FONT)];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`the diagram font ${FONT} is missing (looked in ${candidates.join(", ")}); reinstall Harmony`);
  return found;
}

/** The most pixels a PNG gets: a large model is drawn smaller rather than into gigabytes. */
export const MAX_PNG_PIXELS = 8 * 1024 * 1024;

/**
 * The SVG drawn at `scale` times its size, as PNG bytes; at a smaller scale when that would pass
 * `maxPixels` (the scale used is returned).
 */
export function svgToPng(svg: string, scale = 2, maxPixels = MAX_PNG_PIXELS): { png: Buffer; scale: number } {
  let resvg: typeof import("@resvg/resvg-js");
  try {
    resvg = require("@resvg/resvg-js");
  } catch (e) {
    throw new Error(`PNG output needs @resvg/resvg-js, which could not be loaded (${e instanceof Error ? e.message.split("\n")[0] : String(e)}); use --format svg, or install Harmony's dependencies`);
  }
  const size = svg.match(/^<svg [^>]*?width="([\d.]+)" height="([\d.]+)"/);
  const area = size ? Number(size[1]) * Number(size[2]) : 0;
  const used = area > 0 ? Math.min(scale, Math.sqrt(maxPixels / area)) : scale;
  const font = diagramFontFile();
  const renderer = new resvg.Resvg(outlineText(svg, font), {
    font: { loadSystemFonts: false, fontFiles: [font], defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
    fitTo: { mode: "zoom", value: used },
    shapeRendering: 2,
    textRendering: 1,
  });
  return { png: renderer.render().asPng(), scale: used };
}
