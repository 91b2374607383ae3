#!/usr/bin/env node
// A real, throw-away Kubernetes API server for tests: etcd + the kube-apiserver that
// scripts/env/kube-apiserver.sh builds from Debian's kubernetes source package. No controllers,
// scheduler or kubelet run: tests create what they need and write `status` themselves.
//
// Library:  const kube = await startKube({ dir }); ...; await kube.stop();
// CLI:      node scripts/env/kube.mjs start|stop|status [--dir DIR]
//           DIR defaults to $HARMONY_CACHE/kube/run. `start` prints `export HARMONY_TEST_KUBECONFIG=…`
//           (so `eval "$(… start)"` works); `stop --others` also stops servers started elsewhere;
//           `status` exits 0 when the server of DIR runs, 3 when not.
import { spawn, execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import https from "node:https";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { parseAllDocuments } from "yaml";

const execFileP = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, "../..");

export const cacheDir =
  process.env.HARMONY_CACHE || path.join(os.homedir(), ".cache", "harmony-topology-designer");
export const kubeApiserverBinary = path.join(cacheDir, "kube", "bin", "kube-apiserver");
export const buildScript = path.join(here, "kube-apiserver.sh");
export const crdDir = path.join(projectRoot, "test", "kube", "crds");
export const defaultRunDir = path.join(cacheDir, "kube", "run");
export const contexts = /** @type {const} */ (["site-a", "site-b"]);

const ETCD_NAME = "harmony-test-etcd";
const USER_NAME = "harmony-admin";
const CLUSTER_NAME = "harmony-test";

/** Builds the kube-apiserver (minutes, once per machine) unless it is already cached; returns its path. */
export async function ensureKubeApiserver({ stdio = "inherit" } = {}) {
  if (isExecutable(kubeApiserverBinary)) return kubeApiserverBinary;
  const child = spawn("bash", [buildScript], { stdio: ["ignore", stdio, stdio] });
  const code = await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (c, signal) => resolve(c ?? signal));
  });
  if (code !== 0 || !isExecutable(kubeApiserverBinary)) {
    throw new Error(
      `building the kube-apiserver failed (${buildScript} exited with ${code}); ` +
        `see ${path.join(cacheDir, "kube", "build.log")}`,
    );
  }
  return kubeApiserverBinary;
}

/**
 * Starts etcd and a kube-apiserver on free loopback ports with their state in `dir`, writes
 * `dir/kubeconfig` (contexts site-a and site-b, namespaces of the same names, one server), installs
 * the CRDs of test/kube/crds and waits until they are Established.
 * Unless `keepRunning`, the servers are killed when this process exits.
 * @returns {Promise<{kubeconfig: string, server: string, token: string, dir: string, stop: () => Promise<void>}>}
 */
export async function startKube({
  dir,
  readyTimeoutMs = 90_000,
  keepRunning = false,
  crds = crdDir,
  log = () => {},
} = {}) {
  if (!dir) throw new Error("startKube needs { dir }: the folder for etcd data, keys, logs and the kubeconfig");
  dir = path.resolve(dir);
  if (!isExecutable(kubeApiserverBinary)) {
    throw new Error(`no kube-apiserver at ${kubeApiserverBinary}; call ensureKubeApiserver() first`);
  }
  await fsp.mkdir(dir, { recursive: true });
  const t0 = Date.now();
  const [etcdClientPort, etcdPeerPort, apiPort] = await freePorts(3);
  const token = randomBytes(24).toString("hex");
  const files = {
    tokens: path.join(dir, "tokens.csv"),
    saKey: path.join(dir, "service-account.key"),
    saPub: path.join(dir, "service-account.pub"),
    etcdData: path.join(dir, "etcd"),
    etcdLog: path.join(dir, "etcd.log"),
    apiLog: path.join(dir, "kube-apiserver.log"),
    certs: path.join(dir, "pki"),
    kubeconfig: path.join(dir, "kubeconfig"),
    pids: path.join(dir, "pids.json"),
  };
  await fsp.writeFile(files.tokens, `${token},${USER_NAME},${USER_NAME},"system:masters"\n`, { mode: 0o600 });
  await execFileP("openssl", ["genrsa", "-out", files.saKey, "2048"]);
  await execFileP("openssl", ["rsa", "-in", files.saKey, "-pubout", "-out", files.saPub]);

  const etcdUrl = `http://127.0.0.1:${etcdClientPort}`;
  const peerUrl = `http://127.0.0.1:${etcdPeerPort}`;
  const server = `https://127.0.0.1:${apiPort}`;
  /** @type {{etcd?: number, apiserver?: number}} */
  const pids = {};
  const writePids = () =>
    fs.writeFileSync(
      files.pids,
      JSON.stringify({ ...pids, server, kubeconfig: files.kubeconfig, startedAt: new Date().toISOString() }, null, 2),
    );
  const stop = async () => {
    process.removeListener("exit", killOnExit);
    for (const s of ["SIGINT", "SIGTERM"]) process.removeListener(s, killOnSignal);
    await stopPids(pids);
    await fsp.rm(files.pids, { force: true });
  };
  const killOnExit = () => killGroupsNow(pids);
  const killOnSignal = (/** @type {NodeJS.Signals} */ signal) => {
    killGroupsNow(pids);
    // Leave as the signal would have, but through `exit`, so the caller's exit hooks run too.
    if (process.listenerCount(signal) === 0) process.exit(128 + (os.constants.signals[signal] ?? 0));
  };
  if (!keepRunning) {
    process.once("exit", killOnExit);
    for (const s of ["SIGINT", "SIGTERM"]) process.once(s, killOnSignal);
  }

  try {
    const etcd = spawnDetached(
      "etcd",
      [
        "--name", ETCD_NAME,
        "--data-dir", files.etcdData,
        "--listen-client-urls", etcdUrl,
        "--advertise-client-urls", etcdUrl,
        "--listen-peer-urls", peerUrl,
        "--initial-advertise-peer-urls", peerUrl,
        "--initial-cluster", `${ETCD_NAME}=${peerUrl}`,
        "--unsafe-no-fsync",
        "--logger", "zap",
        "--log-level", "warn",
      ],
      files.etcdLog,
    );
    pids.etcd = etcd.pid;
    writePids();
    await waitFor("etcd", readyTimeoutMs, etcd, files.etcdLog, async () => {
      return isOk(await request(`${etcdUrl}/health`));
    });
    log(`etcd ready on ${etcdUrl} after ${Date.now() - t0} ms`);

    const apiserver = spawnDetached(
      kubeApiserverBinary,
      [
        `--etcd-servers=${etcdUrl}`,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        `--secure-port=${apiPort}`,
        "--insecure-port=0",
        `--cert-dir=${files.certs}`,
        `--token-auth-file=${files.tokens}`,
        "--authorization-mode=RBAC",
        `--service-account-key-file=${files.saPub}`,
        `--service-account-signing-key-file=${files.saKey}`,
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        "--api-audiences=https://kubernetes.default.svc.cluster.local",
        "--service-cluster-ip-range=10.96.0.0/16",
        "--disable-admission-plugins=ServiceAccount",
        "--profiling=false",
      ],
      files.apiLog,
    );
    pids.apiserver = apiserver.pid;
    writePids();
    await waitFor("kube-apiserver", readyTimeoutMs, apiserver, files.apiLog, async () => {
      return isOk(await request(`${server}/readyz?verbose`, { token }));
    });
    log(`kube-apiserver ready on ${server} after ${Date.now() - t0} ms`);

    await fsp.writeFile(files.kubeconfig, kubeconfigYaml({ server, token }), { mode: 0o600 });
    await installCrds({ server, token, crds, timeoutMs: readyTimeoutMs, apiLog: files.apiLog });
    log(`CRDs established after ${Date.now() - t0} ms`);
  } catch (error) {
    await stop();
    throw error;
  }
  return { kubeconfig: files.kubeconfig, server, token, dir, stop };
}

/** Stops the servers recorded in `dir/pids.json` (for a server started by another process). */
export async function stopKube({ dir }) {
  const pidsFile = path.join(path.resolve(dir), "pids.json");
  const recorded = readJson(pidsFile);
  if (!recorded) return false;
  await stopPids(recorded);
  await fsp.rm(pidsFile, { force: true });
  return true;
}

/** What runs: the servers recorded in `dir/pids.json`, and any other etcd/kube-apiserver this tool started. */
export function kubeStatus({ dir } = {}) {
  const recorded = dir ? readJson(path.join(path.resolve(dir), "pids.json")) : null;
  const recordedPids = new Set([recorded?.etcd, recorded?.apiserver].filter(Boolean));
  return {
    recorded: recorded
      ? {
          ...recorded,
          etcdRunning: isAlive(recorded.etcd),
          apiserverRunning: isAlive(recorded.apiserver),
        }
      : null,
    others: ourProcesses().filter((p) => !recordedPids.has(p.pid)),
  };
}

// ---------------------------------------------------------------------------------------------

function kubeconfigYaml({ server, token }) {
  const ctx = (name) => `- name: ${name}
  context:
    cluster: ${CLUSTER_NAME}
    user: ${USER_NAME}
    namespace: ${name}
`;
  return `# Written by scripts/env/kube.mjs for a throw-away test server.
apiVersion: v1
kind: Config
clusters:
- name: ${CLUSTER_NAME}
  cluster:
    server: ${server}
    insecure-skip-tls-verify: true
users:
- name: ${USER_NAME}
  user:
    token: ${token}
contexts:
${contexts.map(ctx).join("")}current-context: ${contexts[0]}
preferences: {}
`;
}

async function installCrds({ server, token, crds, timeoutMs, apiLog }) {
  const files = (await fsp.readdir(crds)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const names = [];
  for (const file of files) {
    const text = await fsp.readFile(path.join(crds, file), "utf8");
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
      const crd = doc.toJS();
      if (!crd) continue;
      const url =
        `${server}/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}` +
        `?fieldManager=harmony-test-env&force=true`;
      const res = await request(url, {
        token,
        method: "PATCH",
        contentType: "application/apply-patch+yaml",
        body: JSON.stringify(crd),
      });
      if (res.status >= 300) throw new Error(`installing CRD ${crd.metadata.name} from ${file}: HTTP ${res.status} ${res.body}`);
      names.push(crd.metadata.name);
    }
  }
  const deadline = Date.now() + timeoutMs;
  for (const name of names) {
    for (;;) {
      const res = await request(`${server}/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`, { token });
      const conditions = res.status === 200 ? (JSON.parse(res.body).status?.conditions ?? []) : [];
      if (conditions.some((c) => c.type === "Established" && c.status === "True")) break;
      if (Date.now() > deadline) {
        throw new Error(
          `CRD ${name} not Established after ${timeoutMs} ms (conditions: ${JSON.stringify(conditions)})\n` +
            `--- last lines of ${apiLog} ---\n${tail(apiLog)}`,
        );
      }
      await sleep(100);
    }
  }
}

/** A 200 answer, else an error that names what is not ready yet (for the timeout message). */
function isOk(res) {
  if (res.status === 200) return true;
  const failing = res.body.split("\n").filter((l) => l.startsWith("[-]"));
  throw new Error(`HTTP ${res.status}${failing.length ? `: ${failing.join(", ")}` : res.body ? `: ${res.body.slice(0, 200)}` : ""}`);
}

function spawnDetached(command, args, logFile) {
  const out = fs.openSync(logFile, "a");
  try {
    // detached: its own process group, so stop() takes every child with it.
    const child = spawn(command, args, { detached: true, stdio: ["ignore", out, out] });
    child.on("error", () => {}); // reported by waitFor through `exitCode`/log
    child.unref();
    return child;
  } finally {
    fs.closeSync(out);
  }
}

async function waitFor(what, timeoutMs, child, logFile, probe) {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  for (;;) {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${what} exited before it was ready (${child.exitCode ?? child.signalCode ?? "could not start"})\n` +
          `--- last lines of ${logFile} ---\n${tail(logFile)}`,
      );
    }
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = String(error?.message ?? error);
    }
    if (Date.now() > deadline) {
      throw new Error(
        `${what} not ready after ${timeoutMs} ms${lastError ? ` (last probe error: ${lastError})` : ""}\n` +
          `--- last lines of ${logFile} ---\n${tail(logFile)}`,
      );
    }
    await sleep(100);
  }
}

/**
 * Stops each process group in turn — the apiserver before its etcd: an apiserver whose etcd is gone
 * spends its shutdown retrying etcd — with SIGTERM, then SIGKILL after `timeoutMs`.
 */
async function stopPids(pids, timeoutMs = 10_000) {
  const list = Array.isArray(pids) ? pids : [pids.apiserver, pids.etcd];
  for (const pid of list.filter((p) => Number.isInteger(p))) {
    signalGroup(pid, "SIGTERM");
    const deadline = Date.now() + timeoutMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(25);
    if (isAlive(pid)) {
      signalGroup(pid, "SIGKILL");
      const killDeadline = Date.now() + 5000;
      while (isAlive(pid) && Date.now() < killDeadline) await sleep(25);
      if (isAlive(pid)) throw new Error(`process ${pid} survived SIGKILL`);
    }
  }
}

function killGroupsNow(pids) {
  for (const pid of [pids.apiserver, pids.etcd]) if (Number.isInteger(pid)) signalGroup(pid, "SIGKILL");
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/** True while the process exists and is not a zombie (containers' PID 1 may never reap it). */
function isAlive(pid) {
  if (!Number.isInteger(pid)) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** etcd and kube-apiserver processes started by this tool, found by their command lines. */
function ourProcesses() {
  const found = [];
  let entries = [];
  try {
    entries = fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return found;
  }
  for (const e of entries) {
    const pid = Number(e);
    let argv;
    try {
      argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
    } catch {
      continue;
    }
    if (!argv.length || !isAlive(pid)) continue;
    const isOurEtcd = path.basename(argv[0]) === "etcd" && argv.includes(ETCD_NAME);
    const isOurApiserver = argv[0] === kubeApiserverBinary;
    if (isOurEtcd || isOurApiserver) {
      found.push({ pid, name: isOurEtcd ? "etcd" : "kube-apiserver", args: argv.slice(1).join(" ") });
    }
  }
  return found;
}

function request(url, { token, method = "GET", body, contentType } = {}) {
  const u = new URL(url);
  const lib = u.protocol === "https:" ? https : http;
  const headers = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    headers["Content-Type"] = contentType ?? "application/json";
    headers["Content-Length"] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const req = lib.request(u, { method, headers, rejectUnauthorized: false, timeout: 5000 }, (res) => {
      let data = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (data += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data }));
    });
    req.on("timeout", () => req.destroy(new Error(`timeout: ${method} ${url}`)));
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function freePorts(n) {
  // Hold all listeners open at once so the ports are distinct.
  const servers = Array.from({ length: n }, () => net.createServer());
  return Promise.all(
    servers.map(
      (s) =>
        new Promise((resolve, reject) => {
          s.once("error", reject);
          s.listen(0, "127.0.0.1", () => resolve(/** @type {net.AddressInfo} */ (s.address()).port));
        }),
    ),
  ).finally(() => Promise.all(servers.map((s) => new Promise((r) => s.close(() => r())))));
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- CLI ---------------------------------------------------------------------------------------

async function main(argv) {
  const [command, ...rest] = argv;
  const dirFlag = rest.indexOf("--dir");
  const dir = path.resolve(dirFlag >= 0 && rest[dirFlag + 1] ? rest[dirFlag + 1] : defaultRunDir);
  const usage = "usage: node scripts/env/kube.mjs start|stop|status [--dir DIR]";
  switch (command) {
    case "start": {
      const status = kubeStatus({ dir });
      if (status.recorded?.apiserverRunning) {
        console.error(`already running: ${status.recorded.server}`);
        console.log(`export HARMONY_TEST_KUBECONFIG=${status.recorded.kubeconfig}`);
        return 0;
      }
      await stopKube({ dir }); // a half-dead earlier start
      await fsp.rm(dir, { recursive: true, force: true });
      await ensureKubeApiserver({ stdio: "inherit" });
      const t0 = Date.now();
      const kube = await startKube({ dir, keepRunning: true, log: (m) => console.error(m) });
      console.error(`started in ${((Date.now() - t0) / 1000).toFixed(1)} s; stop with: node scripts/env/kube.mjs stop --dir ${dir}`);
      console.log(`export HARMONY_TEST_KUBECONFIG=${kube.kubeconfig}`);
      return 0;
    }
    case "stop": {
      const stopped = await stopKube({ dir });
      console.log(stopped ? `stopped the servers of ${dir}` : `nothing recorded in ${dir}`);
      const others = kubeStatus({}).others;
      if (others.length) {
        if (rest.includes("--others")) {
          await stopPids(others.map((p) => p.pid));
          console.log(`stopped ${others.map((p) => `${p.name} ${p.pid}`).join(", ")}`);
        } else {
          console.log(`still running elsewhere (stop them with --others): ${others.map((p) => `${p.name} ${p.pid}`).join(", ")}`);
        }
      }
      return 0;
    }
    case "status": {
      const { recorded, others } = kubeStatus({ dir });
      if (recorded) {
        console.log(
          `${dir}: kube-apiserver ${recorded.apiserverRunning ? `running (pid ${recorded.apiserver})` : "not running"}, ` +
            `etcd ${recorded.etcdRunning ? `running (pid ${recorded.etcd})` : "not running"}; ` +
            `server ${recorded.server}; kubeconfig ${recorded.kubeconfig}`,
        );
      } else {
        console.log(`${dir}: not started`);
      }
      for (const p of others) console.log(`also running: ${p.name} pid ${p.pid}: ${p.args.slice(0, 160)}`);
      if (!recorded && !others.length) console.log("no etcd or kube-apiserver of this project is running");
      // LSB status codes: 0 running, 3 not running.
      return recorded?.apiserverRunning ? 0 : 3;
    }
    default:
      console.error(usage);
      return 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(String(error?.message ?? error));
      process.exit(1);
    },
  );
}
