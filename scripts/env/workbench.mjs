// Opens the real VS Code workbench (code-server) in Debian's Chromium through playwright-core,
// with this project loaded as a development extension. Shared by the integration runner, the
// browser tests and the benchmarks.
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startCodeServer } from "./code-server.mjs";
import { root } from "./paths.mjs";

export const CHROMIUM = process.env.HARMONY_CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

/** Launches Chromium with a fresh profile. */
export async function launchChromium({ viewport = { width: 1600, height: 1000 } } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "harmony-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport,
    headless: true,
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The workbench URL that opens `workspace` with this project as a development extension.
 * @param {{ url: string, port: number }} server
 * @param {{ workspace: string, extensionTestsPath?: string, extensionPath?: string }} options
 */
export function workbenchUrl(server, { workspace, extensionTestsPath, extensionPath = root }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
  const payload = [["extensionDevelopmentPath", remote(extensionPath)], ["skipWelcome", "true"]];
  if (extensionTestsPath) payload.push(["extensionTestsPath", remote(extensionTestsPath)]);
  return `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/**
 * Starts code-server and Chromium; returns both and a `stop()` that ends everything.
 * @param {{ dir: string, workspace: string, smokeDriver?: boolean, untrusted?: boolean, extensionTestsPath?: string,
 *           onLog?: (type: string, args: unknown) => void, onExit?: (code: number) => void }} options
 */
export async function startWorkbench({ dir, workspace, smokeDriver = false, untrusted = false, extensionTestsPath, onLog, onExit }) {
  const server = await startCodeServer({ dir, smokeDriver, untrusted });
  let browser;
  try {
    browser = await launchChromium();
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    if (onLog) await page.exposeFunction("codeAutomationLog", (type, args) => onLog(type, args));
    if (onExit) await page.exposeFunction("codeAutomationExit", (code) => onExit(code));
    await page.goto(workbenchUrl(server, { workspace, extensionTestsPath }));
    return {
      server,
      page,
      context: browser.context,
      stop: async () => {
        await browser.close();
        await server.stop();
      },
    };
  } catch (e) {
    await browser?.close();
    await server.stop();
    throw e;
  }
}
