import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { diagramFontFile } from "../../../engine/diagram/png";
import { outlineText } from "../../../engine/diagram/outlines";

const root = resolve(__dirname, "..", "..", "..");

/** Mean luminance of 6×6-pixel blocks: kerning moves glyph edges by a pixel, never a block's ink. */
function blocks(svg: string): { width: number; values: number[] } {
  const font = { loadSystemFonts: false, fontFiles: [diagramFontFile()], defaultFontFamily: "DejaVu Sans" };
  const image = new Resvg(svg, { font, fitTo: { mode: "zoom", value: 1 } }).render();
  const pixels = image.pixels; // a copy on each read of the property
  const B = 6;
  const w = Math.floor(image.width / B), h = Math.floor(image.height / B);
  const values: number[] = [];
  for (let by = 0; by < h; by++) {
    for (let bx = 0; bx < w; bx++) {
      let sum = 0;
      for (let y = by * B; y < by * B + B; y++) {
        for (let x = bx * B; x < bx * B + B; x++) {
          const i = 4 * (y * image.width + x);
          sum += (pixels[i] + pixels[i + 1] + pixels[i + 2]) / 3;
        }
      }
      values.push(sum / (B * B));
    }
  }
  return { width: w, values };
}

describe("Text drawn from the font's outlines (the PNG's fast path)", () => {
  it("looks like the same text set by resvg itself, block by block", () => {
    const svg = readFileSync(join(root, "test/fixtures/diagrams/golden/shop.diff.svg"), "utf8");
    const outlined = outlineText(svg, diagramFontFile());
    assert.doesNotMatch(outlined, /<text /);
    const a = blocks(svg).values;
    const b = blocks(outlined).values;
    assert.equal(a.length, b.length);
    let differ = 0, inked = 0;
    for (let i = 0; i < a.length; i++) {
      if (a[i] < 230) inked++;
      if (Math.abs(a[i] - b[i]) > 48) differ++;
    }
    // A missing, misplaced or mis-sized word changes many blocks clearly.
    assert.ok(inked > 500, `the picture has ink (${inked} blocks)`);
    assert.ok(differ < inked * 0.02, `${differ} blocks differ clearly, of ${inked} inked blocks`);
  });

  it("places right-aligned and centred labels by their measured width", () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="190" y="20" font-size="10" text-anchor="end" fill="#000">kind</text></svg>`;
    const outlined = outlineText(svg, diagramFontFile());
    const xs = [...outlined.matchAll(/translate\(([\d.]+),20\)/g)].map((m) => Number(m[1]));
    assert.equal(xs.length, 4);
    assert.ok(xs[0] > 160 && xs[3] < 190, `glyphs at ${xs.join(", ")}`);
  });
});
