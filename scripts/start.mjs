// `npm start`: installs what is missing, builds, and opens a real VS Code with the extension and
// the examples/ workspace — the desktop `code` when it is on PATH, else code-server on loopback.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { cache, root } from "./env/paths.mjs";

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`${cmd} ${args.join(" ")} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

if (!existsSync(join(root, "node_modules", "esbuild"))) run("npm", ["ci", "--no-audit", "--no-fund"]);
run(process.execPath, [join(root, "scripts/build.mjs")]);
const examples = join(root, "examples");

const hasCode = spawnSync("sh", ["-c", "command -v code"], { stdio: "ignore" }).status === 0;
if (hasCode && !process.env.HARMONY_USE_CODE_SERVER) {
  console.log("Opening VS Code with the extension in development mode and the examples workspace…");
  run("code", ["--extensionDevelopmentPath", root, examples]);
  process.exit(0);
}

const { ensureCodeServer, startCodeServer, node24, codeServerEntry } = await import("./env/code-server.mjs");
ensureCodeServer();
const dir = join(cache, "start");
mkdirSync(dir, { recursive: true });
// The extension is installed from its VSIX, as a user would install it.
const vsix = join(dir, "harmony-topology-designer.vsix");
run(process.execPath, [join(root, "scripts/package.mjs")], { env: { ...process.env, HARMONY_VSIX: vsix } });
run(node24, [codeServerEntry, "--config", join(dir, "config.yaml"), "--extensions-dir", join(dir, "extensions"), "--user-data-dir", join(dir, "user-data"), "--install-extension", vsix, "--force"]);
const { freePort } = await import("./env/code-server.mjs");
const wanted = Number(process.env.HARMONY_PORT || 8080);
const busy = await fetch(`http://127.0.0.1:${wanted}/`).then(() => true, () => false);
const port = busy ? await freePort() : wanted;
const server = await startCodeServer({ dir, port });
const url = `${server.url}/?folder=${encodeURIComponent(examples)}`;
console.log(`
Harmony Topology Designer is running in VS Code (code-server ${server.port}):

  ${url}

Open it in a browser on this machine. The examples are open; run "Harmony: Open Designer" on a
topology file. Press Ctrl+C to stop.`);
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
setInterval(() => undefined, 1 << 30);
