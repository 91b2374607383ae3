// Runs the mocha suite in out/integration/index.js inside a real VS Code extension host
// (code-server + the smoke-test driver) and passes its exit code back.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { format } from "node:util";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./paths.mjs";
import { startWorkbench } from "./workbench.mjs";

const TIMEOUT_MS = Number(process.env.HARMONY_INTEGRATION_TIMEOUT_MS || 300_000);

export async function runIntegration({ workspaceSource = join(root, "examples") } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "harmony-integration-"));
  // Tests edit files: they get a copy of the examples, never the originals.
  const workspace = join(dir, "workspace");
  cpSync(workspaceSource, workspace, { recursive: true });
  let finish;
  const exited = new Promise((resolve) => (finish = resolve));
  const started = Date.now();
  const wb = await startWorkbench({
    dir,
    workspace,
    smokeDriver: true,
    extensionTestsPath: join(root, "out", "integration", "index.js"),
    onLog: (_type, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      // The offline workbench's failed marketplace look-ups are noise, not test output.
      if (/ENOTFOUND|^\s+at .*workbench\.js/m.test(text)) return;
      process.stdout.write(text.endsWith("\n") ? text : text + "\n");
    },
    onExit: (code) => finish(code),
  });
  const timer = setTimeout(() => finish("timeout"), TIMEOUT_MS);
  const code = await exited;
  clearTimeout(timer);
  if (code === "timeout") {
    await wb.page.screenshot({ path: join(root, "test-results", "integration-timeout.png") }).catch(() => undefined);
  }
  await wb.stop();
  if (code === "timeout") {
    console.error(`integration tests did not finish within ${TIMEOUT_MS / 1000} s; log in ${dir}`);
    return 1;
  }
  console.log(`integration: extension host exited with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (code === 0) rmSync(dir, { recursive: true, force: true });
  return code;
}

if (process.argv[1]?.endsWith("run-integration.mjs")) {
  runIntegration().then((code) => process.exit(code), (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
