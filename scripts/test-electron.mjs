// `npm run test:electron`: the same integration suite in desktop VS Code via @vscode/test-electron.
// It downloads VS Code from Microsoft's update server, so it needs that network access; offline
// machines use `npm run test:integration` (code-server) instead.
import { runTests } from "@vscode/test-electron";
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./env/paths.mjs";

const build = spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "inherit" });
if (build.status !== 0) process.exit(1);
const workspace = join(mkdtempSync(join(tmpdir(), "harmony-electron-")), "workspace");
cpSync(join(root, "examples"), workspace, { recursive: true });
try {
  await runTests({
    version: "1.99.3",
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, "out", "integration", "index.js"),
    launchArgs: [workspace, "--disable-extensions", "--disable-workspace-trust"],
  });
} catch (e) {
  console.error(`integration tests in desktop VS Code failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
