// Mocha global fixture for the docker layer: two Linux hosts (dockerd behind sshd, on 127.0.1.1
// and 127.0.2.1) for the whole run. Tests find them through HARMONY_TEST_DOCKER_HOSTS (a JSON file).
import { rmSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDockerHosts, type RunningHosts } from "../../scripts/env/docker-hosts.mjs";

let started: RunningHosts | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "harmony-docker-"));
  const t0 = Date.now();
  started = await startDockerHosts({ dir });
  const state = join(dir, "hosts.json");
  writeFileSync(state, JSON.stringify({ dir, hosts: started.hosts, clientKey: started.clientKey, knownHosts: started.knownHosts }));
  process.env.HARMONY_TEST_DOCKER_HOSTS = state;
  process.once("exit", () => {
    if (!process.env.HARMONY_KEEP_DOCKER_DIR) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  });
  console.log(`docker: ${started.hosts.map((h) => `${h.name} ${h.address}:${h.sshPort}`).join(", ")} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (state in ${dir})`);
}

export async function mochaGlobalTeardown(): Promise<void> {
  if (!started) return;
  const { dir } = started;
  await started.stop();
  started = undefined;
  if (!process.env.HARMONY_KEEP_DOCKER_DIR) await rm(dir, { recursive: true, force: true });
}
