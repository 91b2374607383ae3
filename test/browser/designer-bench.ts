// First render of generated models in the designer webview, in Debian's Chromium, outside VS Code:
// the bundle under a fake VS Code API (scripts/env/webview-standalone.html). `npm run bench` calls
// benchDesignerRender(); `npx tsx test/browser/designer-bench.ts [--shot]` runs it alone.
import { createServer, type Server } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as esbuild from "esbuild";
import { extname, join, normalize } from "node:path";
import type { Page } from "playwright-core";
import { root } from "../../scripts/env/paths.mjs";
import { launchChromium } from "../../scripts/env/workbench.mjs";
import { percentile } from "../../scripts/bench/stats";
import { generateModel } from "./designer-models";
import type { TopologyDiagnostic, TopologyModel } from "../../shared/model";

export interface RenderFigure {
  nodes: number;
  /** Which webview bundle was measured: React's development build is several times slower. */
  bundle: "production" | "development";
  runs: number[];
  p50: number;
  p95: number;
  goalMs: number;
}

const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".map": "application/json" };

/**
 * Bundles the webview as a release does (minified, React's production build) into a folder of its
 * own, so the figures neither depend on how dist/ was last built nor break when it is rebuilt.
 */
export async function bundleWebview(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "harmony-webview-"));
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { webview: "webview/main.tsx" },
    outdir: dir,
    bundle: true,
    platform: "browser",
    target: "chrome120",
    format: "iife",
    minify: true,
    logLevel: "warning",
    loader: { ".svg": "text", ".ttf": "file", ".woff2": "file" },
    define: { "process.env.NODE_ENV": '"production"' },
  });
  return dir;
}

/** Serves the standalone page and a webview bundle (dist/ unless given) on a free local port. */
export async function serveStandalone(bundleDir = join(root, "dist")): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname));
    const file = path === "/" ? join(root, "scripts/env/webview-standalone.html") : path.startsWith("/dist/") ? join(bundleDir, path.slice("/dist/".length)) : undefined;
    try {
      if (!file) throw new Error("not served");
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no port");
  return { url: `http://127.0.0.1:${address.port}/`, server };
}

/** Loads the page, waits for the webview's `ready`, posts a model, resolves with ms until `rendered`. */
export async function renderOnce(page: Page, url: string, model: TopologyModel, diagnostics: TopologyDiagnostic[]): Promise<number> {
  await page.goto(url);
  await page.waitForFunction(() => (window as any).FakeVsCodeHost?.posted.some((m: any) => m.type === "ready"));
  // The model crosses into the page as plain JSON; its static type would only slow the checker down.
  const payload: { model: unknown; diagnostics: unknown } = { model, diagnostics };
  return page.evaluate(
    ({ model, diagnostics }: { model: unknown; diagnostics: unknown }) =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        (window as any).FakeVsCodeHost.listeners.push((m: any) => {
          if (m.type === "rendered" && m.version === 1) resolve(performance.now() - t0);
        });
        window.postMessage({ type: "model", uri: "file:///workspace/generated.topology.ts", version: 1, model, diagnostics, positions: {} }, "*");
      }),
    payload,
  );
}

/** First render of generated 200- and 1000-node models; goals 300 ms and 1.5 s. */
export async function benchDesignerRender(opts: { runs?: number; screenshotDir?: string; bundleDir?: string } = {}): Promise<RenderFigure[]> {
  const bundleDir = opts.bundleDir ?? (await bundleWebview());
  const { url, server } = await serveStandalone(bundleDir);
  const browser = await launchChromium({ viewport: { width: 1400, height: 900 } });
  const figures: RenderFigure[] = [];
  const bundle = readFileSync(join(bundleDir, "webview.js"), "utf8").includes("react-dom.development") ? "development" : "production";
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.on("pageerror", (e) => console.error("webview error:", e.message));
    for (const [nodes, goalMs] of [[200, 300], [1000, 1500]] as const) {
      const { model, diagnostics } = generateModel(nodes);
      await renderOnce(page, url, model, diagnostics); // warm the browser's caches, not measured
      const runs: number[] = [];
      for (let i = 0; i < (opts.runs ?? 5); i++) runs.push(await renderOnce(page, url, model, diagnostics));
      figures.push({ nodes, bundle, runs, p50: percentile(runs, 50), p95: percentile(runs, 95), goalMs });
      if (opts.screenshotDir) {
        mkdirSync(opts.screenshotDir, { recursive: true });
        await page.screenshot({ path: join(opts.screenshotDir, `designer-standalone-${nodes}.png`) });
      }
    }
  } finally {
    await browser.close();
    server.close();
    if (!opts.bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  }
  return figures;
}

if (process.argv[1]?.endsWith("designer-bench.ts")) {
  const shot = process.argv.includes("--shot");
  benchDesignerRender({ runs: 3, screenshotDir: shot ? join(root, "test-results") : undefined }).then(
    (figures) => {
      for (const f of figures) console.log(`designer first render (${f.bundle} bundle), ${f.nodes} nodes: p50 ${f.p50.toFixed(0)} ms, p95 ${f.p95.toFixed(0)} ms (goal ≤ ${f.goalMs} ms) runs ${f.runs.map((r) => r.toFixed(0)).join(", ")}`);
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}

export interface RoundTripFigure {
  /** From "Harmony: Open Designer" to the first drawing of the example. */
  openMs: number;
  runs: number[];
  p50: number;
  p95: number;
  goalMs: number;
}

/**
 * The round trip of one canvas op in the real VS Code (code-server): an inspector edit is sent,
 * the document is edited, the language server re-checks it, and the canvas draws the new model.
 * Timed by the webview itself (data-last-round-trip-ms), so the figure is what a user waits.
 */
export async function benchDesignerRoundTrip(opts: { runs?: number } = {}): Promise<RoundTripFigure> {
  const { openWorkbench } = await import("./harness");
  const wb = await openWorkbench();
  try {
    await wb.openFile("shop.topology.ts");
    const started = Date.now();
    await wb.runCommand("Harmony: Open Designer");
    const canvas = wb.webview();
    const root = canvas.locator('[data-testid="designer"][data-ready="true"]');
    await root.waitFor({ timeout: 90_000 });
    const openMs = Date.now() - started;
    await canvas.locator('[data-testid="node-ordersDb.score"]').click();
    const field = canvas.locator('[data-testid="field-instances"] input');
    const runs: number[] = [];
    for (let i = 0; i < (opts.runs ?? 20); i++) {
      const before = await root.getAttribute("data-version");
      await field.fill(String(3 + (i % 2)));
      await field.press("Enter");
      await canvas.locator(`[data-testid="designer"]:not([data-version="${before}"])[data-last-round-trip-ms]:not([data-last-round-trip-ms=""])`).waitFor({ timeout: 30_000 });
      runs.push(Number(await root.getAttribute("data-last-round-trip-ms")));
    }
    return { openMs, runs, p50: percentile(runs, 50), p95: percentile(runs, 95), goalMs: 50 };
  } finally {
    await wb.close();
  }
}
