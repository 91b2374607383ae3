import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FrameLocator, Locator } from "playwright-core";
import { root } from "../../scripts/env/paths.mjs";
import { openWorkbench, type Workbench } from "./harness";

// The designer in the real VS Code (code-server): what a user sees and does on the canvas lands in
// the topology file, the checker's verdict comes back to the canvas and the Problems panel, and
// undo gives back the exact text.
describe("The Topology Designer", function () {
  let wb: Workbench;
  let canvas: FrameLocator;
  const original = readFileSync(join(root, "examples/shop.topology.ts"), "utf8");

  const node = (id: string): Locator => canvas.locator(`[data-testid="node-${id}"]`);
  /** Fits the whole drawing in view (React Flow's own control), so every node can be clicked. */
  const fitView = () => canvas.locator(".react-flow__controls-fitview").click();
  const edge = (deploymentId: string): Locator => canvas.locator(`[data-testid="edge-${deploymentId}"]`);
  /** The text of the document as the editor has it (saved first, so the file on disk is it). */
  async function documentText(): Promise<string> {
    await wb.runCommand("File: Save All");
    await wb.page.waitForTimeout(300);
    return wb.readWorkspaceFile("shop.topology.ts");
  }
  async function problems(): Promise<string> {
    await wb.runCommand("Problems: Focus on Problems View");
    const panel = wb.page.locator(".markers-panel");
    await panel.waitFor();
    return (await panel.innerText()).replace(/\s+/g, " ");
  }
  async function waitForProblems(predicate: (text: string) => boolean, what: string): Promise<string> {
    const deadline = Date.now() + 30_000;
    let text = "";
    while (Date.now() < deadline) {
      text = await problems();
      if (predicate(text)) return text;
      await wb.page.waitForTimeout(500);
    }
    throw new Error(`Problems panel never showed ${what}; it shows: ${text}`);
  }

  before(async () => {
    wb = await openWorkbench();
    canvas = await wb.openDesigner("shop.topology.ts");
  });
  after(async () => {
    await wb?.close();
  });

  it("draws the example: clusters nested in the failover, the host, the scores, and the one rejected deployment", async () => {
    for (const id of ["shop", "siteA", "siteB", "edge", "ordersDb.score", "storefront.score", "cache.score", "metrics.score"]) {
      await node(id).waitFor();
    }
    await canvas.locator('[data-testid="slot-shop-primary"]').waitFor();
    assert.equal(await edge("metrics").getAttribute("data-rejected"), "true");
    assert.equal(await edge("ordersDb").getAttribute("data-rejected"), "false");
    // metrics lacks Docker on the failover (HARMONY1001); cache, a Docker app on a host, deploys over SSH.
    assert.match(await canvas.locator('[data-testid="problem-count"]').innerText(), /^1 problem\b/);
    assert.match(await canvas.locator('[data-testid="node-siteA"]').locator("..").getAttribute("aria-label") ?? "", /k8sAnywhere topology site-a/);
    await wb.screenshot("designer-1-example");
  });

  it("selecting a node reveals its source, and moving the text cursor selects the node", async () => {
    await node("cache.score").click();
    // The text editor beside now has its cursor on the score's line.
    await wb.page.locator(".editor-instance .monaco-editor .line-numbers.active-line-number", { hasText: /^17$/ }).first().waitFor({ timeout: 15_000 });
    // Go to line 11 (`export const edge = linuxHost(…)`) in the text editor.
    await wb.page.locator(".editor-instance .monaco-editor .view-lines").first().click();
    await wb.page.keyboard.press("Control+G");
    await wb.page.keyboard.type("11:25");
    await wb.page.keyboard.press("Enter");
    await canvas.locator('.react-flow__node.selected[data-id="edge"]').waitFor({ timeout: 15_000 });
  });

  it("the inspector checks a field as it is typed and writes nothing invalid", async () => {
    await node("ordersDb.score").click();
    const instances = canvas.locator('[data-testid="field-instances"] input');
    await instances.fill("two");
    await canvas.locator('[data-testid="field-problem-instances"]', { hasText: "instances must be a number" }).waitFor();
    await instances.press("Enter");
    await instances.press("Escape");
    await canvas.locator('[data-testid="field-problem-instances"]').waitFor({ state: "detached" });
    assert.equal(await documentText(), original);
  });

  it("dropping Postgres from the palette onto the Linux host adds the declaration, a red edge and HARMONY1001", async () => {
    await canvas.locator('[data-testid="palette-postgres"]').dragTo(node("edge"));
    await edge("db").waitFor({ timeout: 30_000 });
    await canvas.locator('[data-testid="edge-db"][data-rejected="true"]').waitFor({ timeout: 30_000 });
    const text = await documentText();
    assert.ok(text.endsWith(`export const db = deploy(edge, postgres({ name: "db" }));\n`), text);
    await waitForProblems((t) => /HARMONY1001[^]*score "db"/.test(t) || /score "db"[^]*HARMONY1001/.test(t), `HARMONY1001 for "db"`);
    await wb.screenshot("designer-2-postgres-on-host");
  });

  it("dragging the edge's end to a cluster moves the deployment and clears the error", async () => {
    await fitView();
    const center = (b: { x: number; y: number; width: number; height: number }) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
    // The frame's boxes are in page coordinates already (Playwright maps nested frames).
    const from = center((await canvas.locator('[data-testid="rf__edge-deployment:db"] .react-flow__edgeupdater-source').boundingBox())!);
    const to = center((await canvas.locator('[data-testid="rf__node-siteA"] .react-flow__handle').boundingBox())!);
    await wb.page.mouse.move(from.x, from.y);
    await wb.page.mouse.down();
    await wb.page.mouse.move(to.x, to.y, { steps: 12 });
    await wb.page.mouse.up();
    await canvas.locator('[data-testid="edge-db"][data-rejected="false"]').waitFor({ timeout: 30_000 });
    assert.match(await documentText(), /export const db = deploy\(siteA, postgres\(\{ name: "db" \}\)\);\n$/);
    await waitForProblems((t) => !/score "db"/.test(t), `no problem for "db"`);
    await wb.screenshot("designer-3-moved-to-cluster");
  });

  it("the inspector moves a deployment too (the keyboard way)", async () => {
    await fitView();
    await node("db.score").click();
    const runsOn = canvas.locator('[data-testid="field-runs-on"]');
    await runsOn.click();
    await runsOn.locator('vscode-option[value="edge"], [role="option"]:has-text("edge-1")').first().click();
    await canvas.locator('[data-testid="edge-db"][data-rejected="true"]').waitFor({ timeout: 30_000 });
    await wb.runCommand("Undo");
    await canvas.locator('[data-testid="edge-db"][data-rejected="false"]').waitFor({ timeout: 30_000 });
  });

  it("two new clusters wrapped in a failover become a group with primary and replica slots", async () => {
    await canvas.locator('[data-testid="palette-k8sAnywhere"]').click();
    await node("cluster").waitFor({ timeout: 30_000 });
    await canvas.locator('[data-testid="palette-k8sAnywhere"]').click();
    await node("cluster2").waitFor({ timeout: 30_000 });
    await fitView();
    await node("cluster").click();
    await node("cluster2").click({ modifiers: ["Control"] });
    await canvas.locator('[data-testid="action-wrap"]').click();
    await node("clusterFailover").waitFor({ timeout: 30_000 });
    const group = canvas.locator('.react-flow__node[data-id="clusterFailover"]');
    const child = canvas.locator('.react-flow__node[data-id="cluster"]');
    const g = (await group.boundingBox())!;
    const c = (await child.boundingBox())!;
    assert.ok(c.x > g.x && c.y > g.y && c.x + c.width < g.x + g.width, "the primary sits inside the group");
    assert.match(await documentText(), /export const clusterFailover = failover\(\{ name: "cluster-failover", primary: cluster, replica: cluster2 \}\);\n$/);
    await wb.screenshot("designer-4-wrapped");
  });

  it("undo restores the text exactly", async () => {
    // Five canvas ops, five undo steps (each op is one WorkspaceEdit). The first from the canvas
    // itself: VS Code routes Ctrl+Z in the designer to the document's undo.
    await canvas.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    await wb.page.keyboard.press("Control+Z");
    await node("clusterFailover").waitFor({ state: "detached", timeout: 15_000 });
    await wb.page.locator(".editor-instance .monaco-editor .view-lines").first().click();
    for (let i = 0; i < 4; i++) await wb.page.keyboard.press("Control+Z");
    assert.equal(await documentText(), original);
    await canvas.locator('[data-testid="node-db.score"]').waitFor({ state: "detached", timeout: 30_000 });
    await wb.screenshot("designer-5-undone");
  });

  it("a half-typed declaration keeps the last good diagram under a banner; fixing it clears the banner", async () => {
    await wb.page.locator(".editor-instance .monaco-editor .view-lines").first().click();
    await wb.page.keyboard.press("Control+End");
    await wb.page.keyboard.type("export const broken = k8sAnywhere({ name: ", { delay: 5 });
    const banner = canvas.locator('[data-testid="parse-banner"]');
    await banner.waitFor({ timeout: 30_000 });
    assert.match(await banner.innerText(), /does not parse[^]*Showing the last version that parsed/);
    await node("shop").waitFor();
    await wb.screenshot("designer-6-parse-banner");
    // Remove the half-typed line (the editor auto-closed its brackets).
    await wb.page.keyboard.press("Control+End");
    await wb.page.keyboard.press("Shift+Home");
    await wb.page.keyboard.press("Delete");
    await banner.waitFor({ state: "detached", timeout: 30_000 });
    assert.equal(await documentText(), original);
  });

  it("Delete on a topology still in use names its users and deletes nothing when cancelled", async () => {
    await fitView();
    await node("edge").click();
    await canvas.locator('[data-testid="rf__node-edge"]').press("Delete");
    const dialog = wb.page.locator(".monaco-dialog-box");
    await dialog.waitFor({ timeout: 15_000 });
    assert.match(await dialog.innerText(), /edge is still used by cache \(deploy\)/);
    await wb.screenshot("designer-7-delete-refused");
    await dialog.locator(".monaco-button", { hasText: "Cancel" }).click();
    await dialog.waitFor({ state: "detached" });
    await canvas.locator('[data-testid="op-message"]', { hasText: "Nothing was deleted" }).waitFor();
    // The workbench stays inert for a moment after a modal dialog closes.
    await wb.page.waitForTimeout(1000);
    assert.equal(await documentText(), original);
    await node("edge").waitFor();
  });

  it("a dragged node keeps its place when the designer is reopened, and the file does not change", async () => {
    await fitView();
    const box = async (id: string) => (await canvas.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;
    const e = await box("edge");
    await wb.page.mouse.move(e.x + 20, e.y + 10);
    await wb.page.mouse.down();
    await wb.page.mouse.move(e.x + 60, e.y + 90, { steps: 8 });
    await wb.page.mouse.up();
    // Where the edge host sits relative to the shop failover, in units of the failover's width
    // (the zoom may differ after reopening).
    const relative = async () => {
      const [shopBox, edgeBox] = [await box("shop"), await box("edge")];
      return { x: (edgeBox.x - shopBox.x) / shopBox.width, y: (edgeBox.y - shopBox.y) / shopBox.width };
    };
    const before = await relative();
    assert.equal(await wb.page.locator(".tab.dirty").count(), 0, "moving a box does not dirty the topology file");
    await wb.runCommand("View: Close All Editors");
    canvas = await wb.openDesigner("shop.topology.ts");
    await fitView();
    const after = await relative();
    assert.ok(Math.abs(after.x - before.x) < 0.02 && Math.abs(after.y - before.y) < 0.02, `moved from ${JSON.stringify(before)} to ${JSON.stringify(after)}`);
    assert.equal(await documentText(), original);
  });

  it("exports the diagram as SVG next to the topology file", async () => {
    await canvas.locator('[data-testid="action-export-svg"]').first().click();
    // code-server's save dialog is a quick input prefilled with the suggested path.
    const input = wb.page.locator(".quick-input-widget input.input");
    await input.waitFor({ state: "visible", timeout: 15_000 });
    await wb.page.waitForFunction(() => /svg$/.test((document.querySelector(".quick-input-widget input.input") as HTMLInputElement | null)?.value ?? ""), undefined, { timeout: 15_000 }).catch(() => undefined);
    await wb.screenshot("designer-9-export-dialog");
    assert.match(await input.inputValue(), /shop\.svg$/);
    await input.press("Enter");
    const deadline = Date.now() + 15_000;
    let svg = "";
    while (Date.now() < deadline && !svg) {
      try {
        svg = wb.readWorkspaceFile("shop.svg");
      } catch {
        await wb.page.waitForTimeout(300);
      }
    }
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /site-a/);
  });
  it("two designers of one file stay in sync", async () => {
    await node("shop").click();
    await wb.runCommand("View: Split Editor Right");
    const frames = wb.page.locator("iframe.webview.ready");
    await wb.page.waitForFunction(() => document.querySelectorAll("iframe.webview.ready").length >= 2, undefined, { timeout: 60_000 });
    const second = frames.nth(1).contentFrame().frameLocator("#active-frame");
    await second.locator('[data-testid="designer"][data-ready="true"]').waitFor({ timeout: 60_000 });
    const first = frames.nth(0).contentFrame().frameLocator("#active-frame");
    await first.locator('[data-testid="palette-linuxHost"]').click();
    await first.locator('[data-testid="node-host"]').waitFor({ timeout: 30_000 });
    await second.locator('[data-testid="node-host"]').waitFor({ timeout: 30_000 });
    await wb.screenshot("designer-8-two-designers");
  });

});
