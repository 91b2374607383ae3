// `npm run bench -- docker`: 20 containers across 2 hosts, Harmony's deploy (one SSH connection
// per host, containers of a host in parallel) against `docker -H ssh://… run` once per container
// (Debian's docker CLI, as a script would run it), same hosts, same run.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ContainerObject, HostPlan, HostStep } from "../deploy/plan";
import { deployHosts } from "./deploy";
import { DEPLOYMENT_LABEL, MANAGED_BY, SPEC_HASH, specHash } from "./plan";

const PER_HOST = 10;
const IMAGE = "harmony-test/httpd:1";

export interface BenchHost {
  address: string;
  sshPort: number;
}

function container(name: string, port: number): ContainerObject {
  const c = { image: IMAGE, ports: [`${port}:8080`], env: {}, restart: "unless-stopped" as const };
  return { kind: "Container", name, ...c, labels: { [MANAGED_BY]: "harmony", [DEPLOYMENT_LABEL]: name, [SPEC_HASH]: specHash(c) }, pull: "missing" };
}

function benchPlan(hosts: BenchHost[], prefix: string, firstPort: number, identityFile: string): HostPlan {
  const steps: HostStep[] = hosts.map((h, i) => ({
    id: `s${i + 1}`,
    action: "apply",
    target: { host: `bench-${i + 1}`, address: h.address, port: h.sshPort, user: "root", identityFile },
    description: `${PER_HOST} containers`,
    objects: Array.from({ length: PER_HOST }, (_, j) => container(`${prefix}-${j}`, firstPort + j)),
    after: [],
  }));
  return { via: "ssh", deployment: "bench", file: "bench", topology: "bench", score: "bench", steps };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"], env });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}: ${err.trim().split("\n")[0]}`))));
  });
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return Math.round(performance.now() - t0);
}

/** Deploys 20 containers with Harmony and with the docker CLI over SSH, on ports of their own. */
export async function benchDockerDeploy(hosts: BenchHost[], clientKey: string, knownHosts: string, dockerCli: string): Promise<{ name: string; figures: Record<string, number | string> }[]> {
  const home = await mkdtemp(join(tmpdir(), "harmony-bench-ssh-"));
  try {
    const knownHostsFile = join(home, ".ssh", "known_hosts");
    await mkdir(join(home, ".ssh"), { recursive: true, mode: 0o700 });
    await writeFile(knownHostsFile, knownHosts, { mode: 0o600 });
    // The docker CLI runs the `ssh` on PATH, which reads the config of the user's real home (not
    // $HOME): an `ssh` of our own on PATH passes it the same key and known_hosts with -F.
    const config = join(home, ".ssh", "config");
    await writeFile(config, `Host *\n  IdentityFile ${clientKey}\n  UserKnownHostsFile ${knownHostsFile}\n  StrictHostKeyChecking yes\n  BatchMode yes\n`, { mode: 0o600 });
    await mkdir(join(home, "bin"));
    await writeFile(join(home, "bin", "ssh"), `#!/bin/sh\nexec /usr/bin/ssh -F ${config} "$@"\n`, { mode: 0o755 });
    const env = { ...process.env, HOME: home, SSH_AUTH_SOCK: "", PATH: `${join(home, "bin")}:${process.env.PATH}` };
    const figures: Record<string, number | string> = {};

    const plan = benchPlan(hosts, "h", 19000, clientKey);
    let ok = true;
    figures["harmony deploy (ms)"] = await timed(async () => {
      const s = await deployHosts(plan, { env, knownHostsFile });
      ok = s.ok;
      const reasons = [...new Set(s.containers.filter((c) => c.outcome !== "created").map((c) => `${c.target.host}: ${c.reason}`))];
      if (!ok) throw new Error(`harmony's bench deploy failed: ${s.steps.find((x) => x.reason)?.reason}; ${reasons.join("; ")}`);
    });
    figures["harmony re-deploy, all unchanged (ms)"] = await timed(() => deployHosts(plan, { env, knownHostsFile }));

    const baseline = benchPlan(hosts, "k", 19100, clientKey);
    figures["docker -H ssh:// run per container (ms)"] = await timed(async () => {
      for (const step of baseline.steps) {
        for (const c of step.objects) {
          const labels = Object.entries(c.labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]);
          await run(dockerCli, ["-H", `ssh://root@${step.target.address}:${step.target.port}`, "run", "-d", "--pull", "never", "--name", c.name, "-p", c.ports[0], "--restart", c.restart, ...labels, c.image], env);
        }
      }
    });
    const h = figures["harmony deploy (ms)"] as number;
    const k = figures["docker -H ssh:// run per container (ms)"] as number;
    figures.containers = PER_HOST * hosts.length;
    figures["harmony / docker CLI (goal ≤ 0.5)"] = Math.round((h / k) * 100) / 100;
    return [{ name: `Docker over SSH: ${PER_HOST * hosts.length} containers across ${hosts.length} hosts`, figures }];
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
