// Mocha global fixture for the kube layer: one real kube-apiserver (+ etcd) for the whole run.
// Tests find it through HARMONY_TEST_KUBECONFIG. When that variable is already set (e.g. by
// `eval $(node scripts/env/kube.mjs start)`), that server is reused and left running.
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureKubeApiserver, startKube, type RunningKube } from "../../scripts/env/kube.mjs";

let started: RunningKube | undefined;

export async function mochaGlobalSetup(): Promise<void> {
  if (process.env.HARMONY_TEST_KUBECONFIG) {
    console.log(`kube: reusing the server of ${process.env.HARMONY_TEST_KUBECONFIG}`);
    return;
  }
  await ensureKubeApiserver();
  const dir = await mkdtemp(join(tmpdir(), "harmony-kube-"));
  const t0 = Date.now();
  started = await startKube({ dir });
  // Interrupted runs (Ctrl-C) skip the teardown: startKube kills the servers then; this drops their state.
  process.once("exit", () => {
    if (started && !process.env.HARMONY_KEEP_KUBE_DIR) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  });
  process.env.HARMONY_TEST_KUBECONFIG = started.kubeconfig;
  console.log(`kube: kube-apiserver ready at ${started.server} in ${((Date.now() - t0) / 1000).toFixed(1)} s (state in ${dir})`);
}

export async function mochaGlobalTeardown(): Promise<void> {
  if (!started) return;
  const { dir } = started;
  await started.stop();
  started = undefined;
  delete process.env.HARMONY_TEST_KUBECONFIG;
  if (process.env.HARMONY_KEEP_KUBE_DIR) console.log(`kube: logs kept in ${dir}`);
  else await rm(dir, { recursive: true, force: true });
}
