// Runs the mocha suites inside a real VS Code extension host (code-server + the smoke-test driver)
// and passes the exit code back: out/integration/index.js in a trusted workspace, then
// out/integration/untrusted.js in one VS Code opens in Restricted Mode.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { format } from "node:util";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./paths.mjs";
import { startWorkbench } from "./workbench.mjs";

const TIMEOUT_MS = Number(process.env.HARMONY_INTEGRATION_TIMEOUT_MS || 300_000);

export async function runIntegration({ workspaceSource = join(root, "examples"), untrusted = false } = {}) {
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
    untrusted,
    extensionTestsPath: join(root, "out", "integration", untrusted ? "untrusted.js" : "index.js"),
    onLog: (_type, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args);
      // The offline workbench's failed marketplace look-ups are noise, not test output; a test's
      // own failure that mentions ENOTFOUND is not, so only the marketplace's host is dropped.
      if (/ENOTFOUND open-vsx\.org|^\s+at .*workbench\.js/m.test(text)) return;
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
    console.error(`${untrusted ? "untrusted " : ""}integration tests did not finish within ${TIMEOUT_MS / 1000} s; log in ${dir}`);
    return 1;
  }
  console.log(`integration${untrusted ? " (untrusted workspace)" : ""}: extension host exited with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (code === 0) rmSync(dir, { recursive: true, force: true });
  return code;
}

/** Both runs, one after the other: a failure in the first still lets the second report. */
async function runBoth() {
  const trusted = await runIntegration();
  const untrusted = await runIntegration({ untrusted: true });
  return trusted || untrusted;
}

if (process.argv[1]?.endsWith("run-integration.mjs")) {
  runBoth().then((code) => process.exit(code), (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
