#!/usr/bin/env node
// Throw-away Linux "hosts" for tests: each host is one dockerd (Debian's docker.io, its own data
// root, exec root, socket and bridge) reached through one sshd on a loopback port whose sessions
// get DOCKER_HOST pointing at that dockerd — so `docker system dial-stdio` over SSH lands on it,
// as on a real host. Keys are generated per run; the test images are built locally (FROM scratch
// + busybox-static) and never pulled. Every daemon is stopped by its pid.
//
// Library:  const hosts = await startDockerHosts({ dir }); ...; await hosts.stop();
// CLI:      node scripts/env/docker-hosts.mjs start|stop [--dir DIR]
import { spawn, spawnSync, execFile } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const execFileP = promisify(execFile);

/** Debian's docker CLI: the one a fresh machine has (a newer one may sit earlier in PATH). */
export const dockerCli = fs.existsSync("/usr/bin/docker") ? "/usr/bin/docker" : "docker";

/** The test images every host gets: tag -> what it does. */
export const TEST_IMAGES = {
  "harmony-test/httpd:1": { index: "v1", cmd: ["/bin/httpd", "-f", "-p", "8080", "-h", "/www"] },
  "harmony-test/httpd:2": { index: "v2", cmd: ["/bin/httpd", "-f", "-p", "8080", "-h", "/www"] },
  // Starts, then exits at once: a new version that never comes up.
  "harmony-test/httpd:broken": { index: "broken", cmd: ["/bin/sh", "-c", "exit 3"] },
  // Runs, but its HEALTHCHECK never passes.
  "harmony-test/httpd:unhealthy": {
    index: "unhealthy",
    cmd: ["/bin/httpd", "-f", "-p", "8080", "-h", "/www"],
    healthcheck: 'HEALTHCHECK --interval=1s --timeout=1s --retries=1 CMD ["/bin/false"]',
  },
  // Runs, and its HEALTHCHECK passes once httpd answers.
  "harmony-test/httpd:healthy": {
    index: "healthy",
    cmd: ["/bin/httpd", "-f", "-p", "8080", "-h", "/www"],
    healthcheck: 'HEALTHCHECK --interval=1s --timeout=1s --retries=3 CMD ["/bin/wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/"]',
  },
};

/**
 * Starts `count` hosts with their state in `dir`. Returns each host's address (127.0.N.1), ssh port and dockerd socket,
 * the client key, and a known_hosts text with every host's key (tests write it where they want).
 * Unless `keepRunning`, the daemons are killed when this process exits.
 */
export async function startDockerHosts({ dir, count = 2, keepRunning = false, sshPorts, log = () => {} } = {}) {
  if (!dir) throw new Error("startDockerHosts needs { dir }");
  dir = path.resolve(dir);
  await fsp.mkdir(dir, { recursive: true });
  for (const tool of ["/usr/sbin/dockerd", "/usr/sbin/sshd", "/usr/bin/busybox"]) {
    if (!fs.existsSync(tool)) throw new Error(`${tool} is missing: run scripts/env/install-debian-packages.sh (docker.io, openssh-server, busybox-static)`);
  }
  const t0 = Date.now();
  const pids = [];
  const bridges = [];
  const stop = async () => {
    process.removeListener("exit", killNow);
    // sshd restarted by a test (restartSshd) is recorded in pids.json only.
    let recorded = [];
    try {
      recorded = JSON.parse(fs.readFileSync(path.join(dir, "pids.json"), "utf8")).pids;
    } catch {}
    await stopPids([...new Set([...pids, ...recorded])].reverse());
    for (const b of bridges) await execFileP("ip", ["link", "del", b]).catch(() => {});
    await fsp.rm(path.join(dir, "pids.json"), { force: true });
  };
  const killNow = () => {
    for (const pid of pids) signal(pid, "SIGKILL");
    for (const b of bridges) spawnSync("ip", ["link", "del", b]);
  };
  if (!keepRunning) process.once("exit", killNow);
  const record = () => fs.writeFileSync(path.join(dir, "pids.json"), JSON.stringify({ pids, bridges }));

  try {
    const clientKey = path.join(dir, "id_ed25519");
    await fsp.rm(clientKey, { force: true });
    await execFileP("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "harmony-test", "-f", clientKey]);
    await fsp.copyFile(`${clientKey}.pub`, path.join(dir, "authorized_keys"));
    await fsp.mkdir("/run/sshd", { recursive: true });
    const context = await imageContext(dir);
    const ports = sshPorts ?? (await freePorts(count));
    // A short exec root: dockerd's unix sockets live there and paths over 108 bytes fail.
    const execBase = await fsp.mkdtemp(path.join("/tmp", "hd-"));
    const hosts = [];
    for (let i = 0; i < count; i++) {
      const h = path.join(dir, `host${i + 1}`);
      // Fresh each run: an engine's state and a host key from an earlier run are not this run's.
      await fsp.rm(h, { recursive: true, force: true });
      await fsp.mkdir(h, { recursive: true });
      const bridge = `hbr${process.pid % 10000}x${i}`.slice(0, 15);
      const subnet = `10.${200 + (process.pid % 50)}.${i + 1}`;
      await execFileP("ip", ["link", "add", "name", bridge, "type", "bridge"]);
      bridges.push(bridge);
      record();
      await execFileP("ip", ["addr", "add", `${subnet}.1/24`, "dev", bridge]);
      await execFileP("ip", ["link", "set", bridge, "up"]);
      const socket = path.join(h, "docker.sock");
      // Each host has an address of its own on loopback: its sshd listens there and its published
      // ports bind there, so both hosts can publish the same port, as two machines would.
      const address = `127.0.${i + 1}.1`;
      const dockerd = spawnLogged(
        "/usr/sbin/dockerd",
        [
          "--data-root", path.join(h, "data"),
          "--exec-root", path.join(execBase, String(i)),
          "--pidfile", path.join(h, "dockerd.pid"),
          "-H", `unix://${socket}`,
          "--bridge", bridge,
          "--iptables=false",
          "--ip-masq=false",
          "--ip", address,
        ],
        path.join(h, "dockerd.log"),
      );
      pids.push(dockerd.pid);
      record();
      const sshPort = ports[i];
      const hostKey = path.join(h, "ssh_host_ed25519_key");
      await execFileP("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey]);
      const cfg = path.join(h, "sshd_config");
      await fsp.writeFile(
        cfg,
        [
          `Port ${sshPort}`,
          `ListenAddress ${address}`,
          `HostKey ${hostKey}`,
          `AuthorizedKeysFile ${path.join(dir, "authorized_keys")}`,
          "StrictModes no",
          "UsePAM no",
          "PasswordAuthentication no",
          "KbdInteractiveAuthentication no",
          "PermitRootLogin prohibit-password",
          "UseDNS no",
          `PidFile ${path.join(h, "sshd.pid")}`,
          `SetEnv DOCKER_HOST=unix://${socket} PATH=/usr/bin:/bin:/usr/sbin:/sbin`,
          "",
        ].join("\n"),
      );
      const sshd = spawnLogged("/usr/sbin/sshd", ["-D", "-f", cfg, "-E", path.join(h, "sshd.log")], path.join(h, "sshd.out"));
      pids.push(sshd.pid);
      record();
      const hostKeyLine = (await fsp.readFile(`${hostKey}.pub`, "utf8")).trim().split(/\s+/).slice(0, 2).join(" ");
      hosts.push({ name: `host${i + 1}`, address, dir: h, socket, sshPort, sshdPid: sshd.pid, dockerdPid: dockerd.pid, hostKey: hostKeyLine, sshdConfig: cfg });
    }
    for (const host of hosts) {
      await waitFor(`dockerd of ${host.name}`, 60_000, path.join(host.dir, "dockerd.log"), async () => {
        await execFileP(dockerCli, ["-H", `unix://${host.socket}`, "version", "--format", "{{.Server.Version}}"], { timeout: 5000 });
        return true;
      });
      await waitFor(`sshd of ${host.name}`, 20_000, path.join(host.dir, "sshd.log"), () => canConnect(host.address, host.sshPort));
      log(`${host.name}: sshd ${host.address}:${host.sshPort} -> dockerd ${host.socket} after ${Date.now() - t0} ms`);
    }
    await Promise.all(hosts.map((host) => buildImages(host.socket, context)));
    log(`test images built after ${Date.now() - t0} ms`);
    const knownHosts = hosts.map((h) => `[${h.address}]:${h.sshPort} ${h.hostKey}`).join("\n") + "\n";
    return { dir, hosts, clientKey, knownHosts, stop, stopSshd, restartSshd: (host) => restartSshd(dir, host) };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Stops a host's sshd and every session it serves, as when the host's SSH service goes away. */
export async function stopSshd(host) {
  const children = (pid) => {
    const out = [];
    for (const e of fs.readdirSync("/proc").filter((x) => /^\d+$/.test(x))) {
      try {
        const stat = fs.readFileSync(`/proc/${e}/stat`, "utf8");
        if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) out.push(Number(e), ...children(Number(e)));
      } catch {}
    }
    return out;
  };
  const all = [host.sshdPid, ...children(host.sshdPid)];
  for (const pid of all) signal(pid, "SIGKILL");
  const deadline = Date.now() + 5000;
  while (all.some(isAlive) && Date.now() < deadline) await sleep(25);
}

/** Starts a host's sshd again after a test stopped it (same config, port and key). */
export async function restartSshd(dir, host) {
  const sshd = spawnLogged("/usr/sbin/sshd", ["-D", "-f", host.sshdConfig, "-E", path.join(host.dir, "sshd.log")], path.join(host.dir, "sshd.out"));
  const file = path.join(dir, "pids.json");
  const recorded = JSON.parse(fs.readFileSync(file, "utf8"));
  recorded.pids.push(sshd.pid);
  fs.writeFileSync(file, JSON.stringify(recorded));
  host.sshdPid = sshd.pid;
  await waitFor(`sshd of ${host.name}`, 20_000, path.join(host.dir, "sshd.log"), () => canConnect(host.address, host.sshPort));
}

/** A docker build context per test image: busybox-static with its applet links, and a page. */
async function imageContext(dir) {
  const root = path.join(dir, "images");
  await fsp.rm(root, { recursive: true, force: true });
  const contexts = {};
  for (const [tag, spec] of Object.entries(TEST_IMAGES)) {
    const ctx = path.join(root, tag.replace(/[/:]/g, "_"));
    const img = path.join(ctx, "img");
    await fsp.mkdir(path.join(img, "bin"), { recursive: true });
    await fsp.mkdir(path.join(img, "www"), { recursive: true });
    await fsp.copyFile("/usr/bin/busybox", path.join(img, "bin", "busybox"));
    await fsp.chmod(path.join(img, "bin", "busybox"), 0o755);
    for (const applet of ["sh", "httpd", "wget", "false", "sleep"]) await fsp.symlink("busybox", path.join(img, "bin", applet));
    await fsp.writeFile(path.join(img, "www", "index.html"), `${spec.index}\n`);
    await fsp.writeFile(
      path.join(ctx, "Dockerfile"),
      // busybox as PID 1 ignores SIGTERM: without STOPSIGNAL every stop would wait out Docker's 10 s.
      ["FROM scratch", "COPY img/ /", "STOPSIGNAL SIGKILL", ...(spec.healthcheck ? [spec.healthcheck] : []), `CMD ${JSON.stringify(spec.cmd)}`, ""].join("\n"),
    );
    contexts[tag] = ctx;
  }
  return contexts;
}

async function buildImages(socket, contexts) {
  await Promise.all(
    Object.entries(contexts).map(([tag, ctx]) =>
      execFileP(dockerCli, ["-H", `unix://${socket}`, "build", "-q", "-t", tag, ctx], { timeout: 120_000, env: { ...process.env, DOCKER_BUILDKIT: "0" } }),
    ),
  );
}

/** Stops the daemons recorded in `dir/pids.json` (started by another process). */
export async function stopDockerHosts({ dir }) {
  const file = path.join(path.resolve(dir), "pids.json");
  let recorded;
  try {
    recorded = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return false;
  }
  await stopPids(recorded.pids.slice().reverse());
  for (const b of recorded.bridges) await execFileP("ip", ["link", "del", b]).catch(() => {});
  await fsp.rm(file, { force: true });
  return true;
}

// ---------------------------------------------------------------------------------------------

function spawnLogged(cmd, args, logFile) {
  const out = fs.openSync(logFile, "a");
  try {
    const child = spawn(cmd, args, { detached: true, stdio: ["ignore", out, out] });
    child.on("error", () => {});
    child.unref();
    return child;
  } finally {
    fs.closeSync(out);
  }
}

/** SIGTERM each process (dockerd stops its containers first), SIGKILL after a while. */
export async function stopPids(list, timeoutMs = 20_000) {
  for (const pid of list.filter((p) => Number.isInteger(p))) {
    signal(pid, "SIGTERM");
    const deadline = Date.now() + timeoutMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(50);
    if (isAlive(pid)) signal(pid, "SIGKILL");
  }
}

function signal(pid, sig) {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

function isAlive(pid) {
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

async function waitFor(what, timeoutMs, logFile, probe) {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    try {
      if (await probe()) return;
    } catch (e) {
      last = String(e?.message ?? e);
    }
    if (Date.now() > deadline) {
      let tail = "(no log)";
      try {
        tail = fs.readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-20).join("\n");
      } catch {}
      throw new Error(`${what} not ready after ${timeoutMs} ms${last ? ` (${last.slice(0, 300)})` : ""}\n--- ${logFile} ---\n${tail}`);
    }
    await sleep(100);
  }
}

function canConnect(address, port) {
  return new Promise((resolve) => {
    const s = net.connect(port, address);
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

function freePorts(n) {
  const servers = Array.from({ length: n }, () => net.createServer());
  return Promise.all(
    servers.map((s) => new Promise((resolve, reject) => (s.once("error", reject), s.listen(0, "127.0.0.1", () => resolve(s.address().port))))),
  ).finally(() => Promise.all(servers.map((s) => new Promise((r) => s.close(() => r())))));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main([command, ...rest]) {
  const i = rest.indexOf("--dir");
  const cache = process.env.HARMONY_CACHE || path.join(os.homedir(), ".cache", "harmony-topology-designer");
  const dir = path.resolve(i >= 0 ? rest[i + 1] : path.join(cache, "docker-hosts", "run"));
  if (command === "start") {
    // Fixed ports, so examples/edge.topology.ts reaches these hosts.
    const h = await startDockerHosts({ dir, keepRunning: true, sshPorts: [2201, 2202], log: (m) => console.error(m) });
    await fsp.writeFile(path.join(dir, "known_hosts"), h.knownHosts);
    for (const host of h.hosts) console.log(`${host.name}: ssh -i ${h.clientKey} -o UserKnownHostsFile=${dir}/known_hosts -p ${host.sshPort} root@${host.address}`);
    console.log(`stop with: node scripts/env/docker-hosts.mjs stop --dir ${dir}`);
    return 0;
  }
  if (command === "stop") {
    console.log((await stopDockerHosts({ dir })) ? `stopped the hosts of ${dir}` : `nothing recorded in ${dir}`);
    return 0;
  }
  console.error("usage: node scripts/env/docker-hosts.mjs start|stop [--dir DIR]");
  return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((c) => process.exit(c), (e) => (console.error(String(e?.message ?? e)), process.exit(1)));
}
