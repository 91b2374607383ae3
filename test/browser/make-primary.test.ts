import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FrameLocator } from "playwright-core";
import { root } from "../../scripts/env/paths.mjs";
import { openWorkbench, type Workbench } from "./harness";

// "Make primary" on a failover side in the real VS Code: the button on the replica side swaps the
// sides in the topology file (the switchover, as text), the canvas redraws with the button on the
// other side, and P on the selected old primary fails back to the exact original text.
describe("Make primary on the canvas", function () {
  let wb: Workbench;
  let canvas: FrameLocator;
  const original = readFileSync(join(root, "examples/shop.topology.ts"), "utf8");
  const failoverLine = (text: string) => text.split("\n").find((l) => l.includes("failover({")) ?? "";

  async function waitForText(predicate: (text: string) => boolean, what: string): Promise<string> {
    const deadline = Date.now() + 30_000;
    let text = "";
    while (Date.now() < deadline) {
      await wb.runCommand("File: Save All");
      await wb.page.waitForTimeout(300);
      text = wb.readWorkspaceFile("shop.topology.ts");
      if (predicate(text)) return text;
    }
    throw new Error(`the file never had ${what}; it has:\n${text}`);
  }

  before(async () => {
    wb = await openWorkbench();
    canvas = await wb.openDesigner("shop.topology.ts");
  });
  after(async () => {
    await wb?.close();
  });

  it("offers Make primary on the replica side only", async () => {
    await canvas.locator('[data-testid="make-primary-shop-siteB"]').waitFor();
    assert.equal(await canvas.locator('[data-testid="make-primary-shop-siteA"]').count(), 0, "the primary side has no Make primary");
  });

  it("swaps the sides in the file when the replica's button is clicked, and redraws them swapped", async () => {
    await canvas.locator('[data-testid="make-primary-shop-siteB"]').click();
    const text = await waitForText((t) => /primary: siteB, replica: siteA/.test(failoverLine(t)), "site-b as primary");
    assert.equal(failoverLine(text), `export const shop = failover({ name: "shop", primary: siteB, replica: siteA });`);
    // Only that line changed.
    assert.equal(text, original.replace(failoverLine(original), failoverLine(text)));
    await canvas.locator('[data-testid="make-primary-shop-siteA"]').waitFor({ timeout: 30_000 });
    assert.equal(await canvas.locator('[data-testid="make-primary-shop-siteB"]').count(), 0, "site-b is the primary now");
    await wb.screenshot("make-primary-swapped");
  });

  it("fails back with P on the selected old primary, giving back the original text", async () => {
    const siteA = canvas.locator('.react-flow__node[data-id="siteA"]');
    await canvas.locator(".react-flow__controls-fitview").click();
    await wb.page.waitForTimeout(500);
    await siteA.click();
    await siteA.press("p");
    const text = await waitForText((t) => /primary: siteA, replica: siteB/.test(failoverLine(t)), "site-a as primary again");
    assert.equal(text, original);
    await canvas.locator('[data-testid="make-primary-shop-siteB"]').waitFor({ timeout: 30_000 });
  });
});
