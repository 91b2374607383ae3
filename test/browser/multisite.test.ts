import * as assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FrameLocator, Locator } from "playwright-core";
import { openWorkbench, type Workbench } from "./harness";

// A multisite on the canvas of the real VS Code: a topology dragged onto the multisite becomes a
// site, a site dragged to the first slot becomes the primary site, and each gesture changes only
// the `sites` line of the file.
describe("A multisite in the designer", function () {
  let wb: Workbench;
  let canvas: FrameLocator;
  let source: string;
  const start = [
    `import { k8sAnywhere, multisite } from "@harmony/topology";`,
    ``,
    `export const paris = k8sAnywhere({ name: "paris", context: "paris", namespace: "shop" });`,
    `export const montreal = k8sAnywhere({ name: "montreal", context: "montreal", namespace: "shop" });`,
    `export const tokyo = k8sAnywhere({ name: "tokyo", context: "tokyo", namespace: "shop" });`,
    `export const world = multisite({ name: "world", sites: [paris, montreal] });`,
    ``,
  ].join("\n");

  const node = (id: string): Locator => canvas.locator(`[data-testid="node-${id}"]`);
  const fitView = () => canvas.locator(".react-flow__controls-fitview").click();
  async function documentText(): Promise<string> {
    await wb.runCommand("File: Save All");
    await wb.page.waitForTimeout(300);
    return wb.readWorkspaceFile("world.topology.ts");
  }
  async function waitForText(predicate: (text: string) => boolean, what: string): Promise<string> {
    const deadline = Date.now() + 30_000;
    let text = "";
    while (Date.now() < deadline) {
      text = await documentText();
      if (predicate(text)) return text;
      await wb.page.waitForTimeout(300);
    }
    throw new Error(`the file never had ${what}; it has:\n${text}`);
  }
  /** Drags a node by its title onto the middle of a slot, as a user does with the mouse. */
  async function drag(id: string, slot: string): Promise<void> {
    await fitView();
    // The fit is animated: measure once the view has settled, or the press lands on the pane.
    await wb.page.waitForTimeout(800);
    const from = (await canvas.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;
    const to = (await canvas.locator(`[data-testid="${slot}"]`).boundingBox())!;
    await wb.page.mouse.move(from.x + 20, from.y + 10);
    await wb.page.mouse.down();
    await wb.page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
    await wb.page.mouse.up();
  }
  const changed = (before: string, after: string) => {
    const a = before.split("\n");
    return after.split("\n").filter((line, i) => line !== a[i]);
  };

  before(async () => {
    source = mkdtempSync(join(tmpdir(), "harmony-multisite-"));
    writeFileSync(join(source, "world.topology.ts"), start);
    wb = await openWorkbench({ workspaceSource: source });
    canvas = await wb.openDesigner("world.topology.ts");
  });
  after(async () => {
    await wb?.close();
    rmSync(source, { recursive: true, force: true });
  });

  it("draws the multisite as a group: a slot per site, the first primary, and one to add a site", async () => {
    await node("world").waitFor();
    await canvas.locator('[data-testid="slot-world-site0"]').waitFor();
    assert.match(await canvas.locator('[data-testid="slot-world-site0"]').innerText(), /site 1 · primary/i);
    await canvas.locator('[data-testid="slot-world-site2"]').waitFor();
    await canvas.locator('[data-testid="palette-multisite"]').waitFor();
    await wb.screenshot("multisite-1-drawn");
  });

  it("adds a topology dragged onto the slot that adds a site, changing only the sites line", async () => {
    await drag("tokyo", "slot-world-site2");
    const text = await waitForText((t) => t.includes("sites: [paris, montreal, tokyo]"), "tokyo as third site");
    assert.deepEqual(changed(start, text), [`export const world = multisite({ name: "world", sites: [paris, montreal, tokyo] });`]);
    await canvas.locator('[data-testid="slot-world-site3"]').waitFor({ timeout: 30_000 });
  });

  it("makes a site the primary one when it is dragged to the first slot", async () => {
    const before = await documentText();
    await drag("tokyo", "slot-world-site0");
    const text = await waitForText((t) => t.includes("sites: [tokyo, paris, montreal]"), "tokyo first");
    assert.deepEqual(changed(before, text), [`export const world = multisite({ name: "world", sites: [tokyo, paris, montreal] });`]);
    await wb.screenshot("multisite-2-reordered");
  });
});
