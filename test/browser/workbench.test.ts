import * as assert from "node:assert/strict";
import { openWorkbench, type Workbench } from "./harness";

describe("The designer in the real workbench", function () {
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench();
  });
  after(async () => {
    await wb?.close();
  });

  it("opens a topology file as TypeScript-highlighted text", async () => {
    await wb.openFile("shop.topology.ts");
    const editor = wb.page.locator(".editor-instance .monaco-editor").first();
    await editor.locator(".view-line", { hasText: "failover" }).first().waitFor();
    // Highlighting comes from the TypeScript grammar: keywords get their own token colour.
    const tokenClasses = await editor.locator(".view-line span span").evaluateAll((spans) => new Set(spans.map((s) => s.className)).size);
    assert.ok(tokenClasses > 3, `expected several token colours, saw ${tokenClasses}`);
    await wb.page.locator(".statusbar-item", { hasText: "Harmony Topology" }).first().waitFor();
  });

  it("renders the designer webview from the command palette", async () => {
    await wb.runCommand("Harmony: Open Designer");
    const canvas = wb.webview().locator('[aria-label="Topology Designer"]');
    await canvas.waitFor({ timeout: 60_000 });
    const shot = await wb.screenshot("designer-shop");
    assert.ok(shot.endsWith(".png"));
  });
});
