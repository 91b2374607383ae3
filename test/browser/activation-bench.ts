// Activation to the first diagnostics in the real VS Code (code-server in Debian's Chromium): a
// fresh window opens examples/shop.topology.ts, which activates the extension and starts the
// language server; the figure is the time until the error squiggle of its rejected deployment is
// drawn in the editor. `npm run bench -- extension` calls benchActivation().
import { percentile } from "../../scripts/bench/stats";

export interface ActivationFigure {
  runs: number[];
  p50: number;
  p95: number;
}

export async function benchActivation(opts: { runs?: number } = {}): Promise<ActivationFigure> {
  const { openWorkbench } = await import("./harness");
  const runs: number[] = [];
  for (let i = 0; i < (opts.runs ?? 3); i++) {
    const wb = await openWorkbench();
    try {
      await wb.openFile("shop.topology.ts");
      const started = Date.now();
      await wb.page.locator(".monaco-editor .squiggly-error").first().waitFor({ state: "attached", timeout: 90_000 });
      runs.push(Date.now() - started);
    } finally {
      await wb.close();
    }
  }
  return { runs, p50: percentile(runs, 50), p95: percentile(runs, 95) };
}
