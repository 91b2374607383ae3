// Drives the real VS Code workbench (code-server) in Debian's Chromium. Each workbench gets a
// fresh copy of the examples workspace, its own code-server and its own browser profile.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FrameLocator, Page } from "playwright-core";
import { root } from "../../scripts/env/paths.mjs";
import { startWorkbench } from "../../scripts/env/workbench.mjs";

export const resultsDir = join(root, "test-results");

export interface Workbench {
  page: Page;
  /** The workspace folder (a copy of examples/). */
  workspace: string;
  /** Runs a command from the command palette by its title, e.g. "Harmony: Open Designer". */
  runCommand(title: string): Promise<void>;
  /** Opens a workspace file by its relative path through Quick Open. */
  openFile(relativePath: string): Promise<void>;
  /** The active webview's content frame (VS Code nests it in two iframes). */
  webview(): FrameLocator;
  /**
   * Opens a workspace file, then its Topology Designer, and returns the canvas once it says it has
   * drawn the document (data-ready on its root; the host logs "designer ready <uri> <nodeCount>").
   */
  openDesigner(relativePath: string): Promise<FrameLocator>;
  /** Chooses the row of the open quick pick that shows `text`, by typing it and pressing Enter. */
  pick(text: string): Promise<void>;
  /** Saves a PNG under test-results/ and returns its path. */
  screenshot(name: string): Promise<string>;
  readWorkspaceFile(relativePath: string): string;
  close(): Promise<void>;
}

const open = new Set<Workbench>();
export function openWorkbenches(): Workbench[] {
  return [...open];
}

/** `settings` gives the workspace's `.vscode/settings.json` (from the workspace's path), in place before the workbench opens. */
export async function openWorkbench(opts: { workspaceSource?: string; settings?: (workspace: string) => Record<string, unknown> } = {}): Promise<Workbench> {
  const dir = mkdtempSync(join(tmpdir(), "harmony-browser-"));
  const workspace = join(dir, "workspace");
  cpSync(opts.workspaceSource ?? join(root, "examples"), workspace, { recursive: true });
  if (opts.settings) {
    mkdirSync(join(workspace, ".vscode"), { recursive: true });
    writeFileSync(join(workspace, ".vscode", "settings.json"), JSON.stringify(opts.settings(workspace)));
  }
  const wb = await startWorkbench({ dir, workspace, smokeDriver: true });
  const page: Page = wb.page;
  // The workbench is usable once its status bar is drawn and the explorer lists the workspace.
  await page.locator(".monaco-workbench .part.statusbar").waitFor({ timeout: 60_000 });

  const palette = page.locator(".quick-input-widget");
  const paletteInput = palette.locator("input.input");

  async function openPalette(prefix: string) {
    for (let attempt = 0; attempt < 3; attempt++) {
      await page.keyboard.press(prefix === ">" ? "F1" : "Control+P");
      try {
        await paletteInput.waitFor({ state: "visible", timeout: 5_000 });
        return;
      } catch {
        await page.locator(".monaco-workbench").click({ position: { x: 5, y: 5 } }).catch(() => undefined);
      }
    }
    throw new Error("the command palette did not open");
  }

  const workbench: Workbench = {
    page,
    workspace,
    async runCommand(title) {
      // Commands of a development extension appear once the extension host has scanned it.
      const deadline = Date.now() + 60_000;
      for (;;) {
        await openPalette(">");
        await paletteInput.fill(`>${title}`);
        const row = palette.locator(".monaco-list-row", { hasText: title }).first();
        try {
          await row.waitFor({ state: "visible", timeout: 3_000 });
          await paletteInput.press("Enter");
          await palette.waitFor({ state: "hidden", timeout: 10_000 }).catch(() => undefined);
          return;
        } catch {
          await page.keyboard.press("Escape");
          if (Date.now() > deadline) throw new Error(`command "${title}" is not in the command palette`);
          await page.waitForTimeout(500);
        }
      }
    },
    async openFile(relativePath) {
      await openPalette("");
      await paletteInput.fill(relativePath);
      const name = relativePath.split("/").pop()!;
      await palette.locator(".monaco-list-row", { hasText: name }).first().waitFor({ timeout: 45_000 });
      await paletteInput.press("Enter");
      await page.locator(".tabs-container .tab", { hasText: name }).first().waitFor({ timeout: 15_000 });
    },
    webview() {
      return page.frameLocator("iframe.webview.ready").frameLocator("#active-frame");
    },
    async openDesigner(relativePath) {
      await workbench.openFile(relativePath);
      await workbench.runCommand("Harmony: Open Designer");
      const canvas = workbench.webview();
      await canvas.locator('[data-testid="designer"][data-ready="true"]').waitFor({ timeout: 90_000 });
      return canvas;
    },
    async pick(text) {
      const input = page.locator(".quick-input-widget input.input");
      await input.waitFor({ state: "visible", timeout: 30_000 });
      await input.fill(text);
      await page.locator(".quick-input-widget .monaco-list-row", { hasText: text }).first().waitFor();
      await input.press("Enter");
    },
    async screenshot(name) {
      mkdirSync(resultsDir, { recursive: true });
      const file = join(resultsDir, `${name.replace(/[^\w.-]+/g, "-")}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    readWorkspaceFile(relativePath) {
      return readFileSync(join(workspace, relativePath), "utf8");
    },
    async close() {
      open.delete(workbench);
      await wb.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  open.add(workbench);
  return workbench;
}
