// `npm test` and `npm run test:<layer>`: installs what a layer needs when it is missing, runs the
// layers in order, and ends with one line `N passed, N failed`. Exit code 1 on any failure.
//   node scripts/test.mjs all|unit|integration|browser|kube|docker [more layers]
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root } from "./env/paths.mjs";

const LAYERS = ["unit", "integration", "browser", "kube", "docker"];
const requested = process.argv.slice(2).flatMap((a) => (a === "all" ? LAYERS : [a]));
for (const l of requested) {
  if (!LAYERS.includes(l)) {
    console.error(`unknown test layer "${l}"; layers: ${LAYERS.join(", ")}, all`);
    process.exit(2);
  }
}
const layers = requested.length ? requested : LAYERS;
const mochaBin = join(root, "node_modules", "mocha", "bin", "mocha.js");

function step(title) {
  console.log(`\n=== ${title} ===`);
}

function must(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited with ${r.status}`);
}

/** Runs a command, echoing its output, and counts mocha's `N passing` / `N failing` lines. */
function counted(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    const echo = (stream) => (chunk) => {
      text += chunk;
      stream.write(chunk);
    };
    child.stdout.on("data", echo(process.stdout));
    child.stderr.on("data", echo(process.stderr));
    child.on("close", (code) => {
      const num = (re) => [...text.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
      let passed = num(/^\s*(\d+) passing/gm);
      let failed = num(/^\s*(\d+) failing/gm);
      // The integration layer runs its suites in more than one workbench: one line each.
      const summary = [...text.matchAll(/integration summary: (\d+) passed, (\d+) failed/g)];
      if (summary.length) {
        passed = summary.reduce((n, m) => n + Number(m[1]), 0);
        failed = summary.reduce((n, m) => n + Number(m[2]), 0);
      }
      // A crash before any test ran still counts as a failure.
      if (code !== 0 && failed === 0) failed = 1;
      resolve({ code, passed, failed });
    });
  });
}

const prepared = new Set();
async function ensureDebianPackages() {
  if (prepared.has("debian")) return;
  prepared.add("debian");
  const r = spawnSync("bash", [join(root, "scripts/env/install-debian-packages.sh")], { stdio: "inherit" });
  if (r.status !== 0) console.warn("warning: could not install the Debian packages; the layers that need them may fail");
}

async function prepare(layer) {
  if (!prepared.has("build")) {
    step("build");
    must(process.execPath, [join(root, "scripts/build.mjs")]);
    prepared.add("build");
  }
  if ((layer === "integration" || layer === "browser") && !prepared.has("code-server")) {
    await ensureDebianPackages();
    const { ensureCodeServer } = await import("./env/code-server.mjs");
    ensureCodeServer();
    prepared.add("code-server");
  }
  if (layer === "docker" || layer === "integration") await ensureDebianPackages();
  if ((layer === "kube" || layer === "integration") && !prepared.has("kube")) {
    await ensureDebianPackages();
    const { ensureKubeApiserver } = await import("./env/kube.mjs");
    await ensureKubeApiserver();
    prepared.add("kube");
  }
}

const runners = {
  unit: () => counted(process.execPath, [mochaBin, "--config", join(root, ".mocharc.json")]),
  // The extension host reaches a real kube-apiserver and two Linux hosts too: deploys and bond
  // diffs from VS Code.
  integration: async () => {
    const { startKube } = await import("./env/kube.mjs");
    const { startDockerHosts } = await import("./env/docker-hosts.mjs");
    const dir = mkdtempSync(join(tmpdir(), "harmony-integration-kube-"));
    const hostsDir = mkdtempSync(join(tmpdir(), "harmony-integration-hosts-"));
    const kube = await startKube({ dir });
    let hosts;
    try {
      hosts = await startDockerHosts({ dir: hostsDir });
      const state = join(hostsDir, "hosts.json");
      writeFileSync(state, JSON.stringify({ hosts: hosts.hosts, clientKey: hosts.clientKey, knownHosts: hosts.knownHosts }));
      return await counted(process.execPath, [join(root, "scripts/env/run-integration.mjs")], { HARMONY_TEST_KUBECONFIG: kube.kubeconfig, HARMONY_TEST_DOCKER_HOSTS: state });
    } finally {
      await hosts?.stop();
      await kube.stop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(hostsDir, { recursive: true, force: true });
    }
  },
  browser: () => counted(process.execPath, [mochaBin, "--config", join(root, "test/browser/.mocharc.json")]),
  kube: () => counted(process.execPath, [mochaBin, "--config", join(root, "test/kube/.mocharc.json")]),
  // Two Linux hosts (dockerd behind sshd on loopback), started by the layer's mocha fixture.
  docker: () => counted(process.execPath, [mochaBin, "--config", join(root, "test/docker/.mocharc.json")]),
};

mkdirSync(join(root, "test-results"), { recursive: true });
const results = [];
const started = Date.now();
for (const layer of layers) {
  const t0 = Date.now();
  try {
    await prepare(layer);
    step(`${layer} tests`);
    const r = await runners[layer]();
    results.push({ layer, ...r, seconds: (Date.now() - t0) / 1000 });
  } catch (e) {
    console.error(`${layer}: could not run: ${e instanceof Error ? e.message : e}`);
    results.push({ layer, code: 1, passed: 0, failed: 1, seconds: (Date.now() - t0) / 1000 });
  }
}
console.log("\n=== summary ===");
for (const r of results) {
  console.log(`${r.layer.padEnd(12)} ${String(r.passed).padStart(4)} passed ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1)} s`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || results.some((r) => r.code !== 0) ? 1 : 0);
