import * as assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { decodePng } from "./decode-png";
import { goldenFolder, goldens, harmony } from "./goldens";

const root = resolve(__dirname, "..", "..", "..");

describe("harmony diagram", function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => (tmp = mkdtempSync(join(tmpdir(), "harmony-diagram-"))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  for (const g of goldens) {
    it(`draws ${g.args.join(" ")} as ${g.file} (npm run diagrams:update redraws it)`, async () => {
      const r = await harmony(root, ...g.args);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.out, readFileSync(join(goldenFolder(root), g.file), "utf8"));
    });
  }

  it("gives the same bytes for the same file wherever it is", async () => {
    copyFileSync(join(root, "examples/shop.topology.ts"), join(tmp, "shop.topology.ts"));
    const here = await harmony(tmp, "shop.topology.ts", "--out", "a.svg");
    const again = await harmony(tmp, "shop.topology.ts", "--out", "b.svg");
    assert.equal(here.code, 0, here.err);
    assert.equal(again.code, 0, again.err);
    const golden = readFileSync(join(goldenFolder(root), "shop.light.svg"), "utf8");
    assert.equal(readFileSync(join(tmp, "a.svg"), "utf8"), golden);
    assert.equal(readFileSync(join(tmp, "b.svg"), "utf8"), golden);
  });

  it("draws the failover as a container holding its sides, and a rejected deployment in red", async () => {
    const r = await harmony(root, "examples/shop.topology.ts");
    const svg = r.out;
    const group = svg.match(/<g transform="translate\(([\d.]+),([\d.]+)\)"><title>failover shop<\/title><rect width="([\d.]+)" height="([\d.]+)"/);
    const side = svg.match(/<g transform="translate\(([\d.]+),([\d.]+)\)"><title>k8sAnywhere site-a<\/title>/);
    assert.ok(group && side, "the shop failover and site-a are drawn");
    const [gx, gy, gw, gh] = group.slice(1).map(Number);
    const [sx, sy] = side.slice(1).map(Number);
    assert.ok(sx > gx && sy > gy && sx < gx + gw && sy < gy + gh, "site-a is inside the shop container");
    assert.match(svg, /<title>dockerApp metrics\nHARMONY1001[^<]*<\/title><rect [^>]*stroke="#e51400"/);
    assert.match(svg, /✕ Docker/);
  });

  it("writes a PNG twice the SVG's size, with boxes, text and the error in red", async () => {
    const svg = (await harmony(root, "examples/shop.topology.ts")).out;
    const [, w, h] = svg.match(/^<svg [^>]*width="([\d.]+)" height="([\d.]+)"/)!.map(Number);
    const r = await harmony(tmp, join(root, "examples/shop.topology.ts"), "--format", "png", "--out", "shop.png");
    assert.equal(r.code, 0, r.err);
    const png = decodePng(readFileSync(join(tmp, "shop.png")));
    assert.equal(png.width, Math.ceil(w * 2));
    assert.equal(png.height, Math.ceil(h * 2));
    let background = 0, red = 0, dark = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r_, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
      if (r_ === 255 && g === 255 && b === 255) background++;
      if (r_ > 200 && g < 60 && b < 60) red++;
      if (r_ < 90 && g < 90 && b < 90) dark++;
    }
    const pixels = png.width * png.height;
    assert.ok(background < pixels * 0.9, "the picture is not blank");
    assert.ok(red > 500, `the rejected deployment shows in red (${red} red pixels)`);
    assert.ok(dark > 2000, `text and chips are drawn (${dark} dark pixels)`);
  });

  it("says what is wrong with its arguments", async () => {
    const png = await harmony(tmp, join(root, "examples/shop.topology.ts"), "--format", "png");
    assert.equal(png.code, 2);
    assert.match(png.err, /a PNG is binary: give --out PATH/);
    const theme = await harmony(tmp, join(root, "examples/shop.topology.ts"), "--theme", "solarized");
    assert.equal(theme.code, 2);
    assert.match(theme.err, /--theme is light or dark, not "solarized"/);
    const missing = await harmony(tmp, "nowhere.topology.ts");
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nowhere\.topology\.ts/);
    assert.equal(existsSync(join(tmp, "diagram.svg")), false);
  });
});
