// `npm run bench`: server-side apply of 300 objects (150 Deployment + Service pairs) across two
// contexts, Harmony's applier against `kubectl apply --server-side` of the same objects, same run.
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { applyPlan } from "./apply";
import { openKube } from "./kube";
import { appObjects, harmonyLabels, namespaceObject } from "./manifests";
import type { KubeObject, Plan } from "./plan";

const CONTEXTS = ["site-a", "site-b"];
const APPS_PER_CONTEXT = 75;

/** Per context: its namespace, then 75 apps of a Deployment and a Service each. */
function objectsFor(namespace: string): KubeObject[] {
  const labels = harmonyLabels("bench");
  const objects: KubeObject[] = [namespaceObject(namespace, labels)];
  for (let i = 0; i < APPS_PER_CONTEXT; i++) {
    objects.push(...appObjects({ name: `app-${i}`, image: `registry.example.com/app:${i}`, replicas: 2, port: 8080 }, namespace, labels));
  }
  return objects;
}

function benchPlan(suffix: string): Plan {
  return {
    deployment: "bench",
    file: "bench",
    topology: "bench",
    score: "bench",
    steps: CONTEXTS.map((context, i) => ({
      id: `s${i + 1}`,
      action: "apply" as const,
      target: { context, namespace: `bench-${context}-${suffix}` },
      description: `${APPS_PER_CONTEXT * 2} objects on ${context}`,
      objects: objectsFor(`bench-${context}-${suffix}`),
      after: [],
    })),
  };
}

function kubectl(kubeconfig: string, context: string, file: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("kubectl", ["--kubeconfig", kubeconfig, "--context", context, "apply", "--server-side", "--field-manager", "kubectl-bench", "-f", file], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`kubectl exited with ${code}: ${err.trim().split("\n")[0]}`))));
  });
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await f();
  return Math.round(performance.now() - t0);
}

/** Applies 300 objects with Harmony and with kubectl (fresh namespaces each), then again (all unchanged). */
export async function benchApply(kubeconfig: string): Promise<{ name: string; figures: Record<string, number | string> }[]> {
  const run = Math.random().toString(36).slice(2, 7);
  const figures: Record<string, number | string> = {};
  const opened = await openKube(kubeconfig, CONTEXTS);
  if (!opened.ok) throw new Error(opened.error);

  // Harmony: one process, both contexts in parallel, 16 requests in flight.
  const plan = benchPlan(`h${run}`);
  const count = plan.steps.reduce((n, s) => n + s.objects.length, 0);
  let summary!: Awaited<ReturnType<typeof applyPlan>>;
  figures["harmony first apply (ms)"] = await timed(async () => {
    const k = await openKube(kubeconfig, CONTEXTS);
    if (!k.ok) throw new Error(k.error);
    summary = await applyPlan(plan, { kube: k.kube });
    k.kube.close();
  });
  if (!summary.ok) throw new Error(`harmony's bench apply failed: ${summary.objects.find((o) => o.outcome === "failed")?.reason}`);
  figures["harmony re-apply, all unchanged (ms)"] = await timed(() => applyPlan(plan, { kube: opened.kube }));
  opened.kube.close();

  // kubectl: the same objects in fresh namespaces, one file per context.
  const dir = await mkdtemp(join(tmpdir(), "harmony-bench-"));
  try {
    const files = await Promise.all(
      benchPlan(`k${run}`).steps.map(async (s) => {
        const file = join(dir, `${s.target.context}.yaml`);
        await writeFile(file, s.objects.map((o) => stringify(o)).join("---\n"));
        return { context: s.target.context, file };
      }),
    );
    figures["kubectl first apply, contexts one after the other (ms)"] = await timed(async () => {
      for (const f of files) await kubectl(kubeconfig, f.context, f.file);
    });
    figures["kubectl re-apply, contexts in parallel (ms)"] = await timed(() => Promise.all(files.map((f) => kubectl(kubeconfig, f.context, f.file))));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const h = figures["harmony first apply (ms)"] as number;
  const k = figures["kubectl first apply, contexts one after the other (ms)"] as number;
  figures["objects"] = count;
  figures["harmony / kubectl (goal ≤ 0.5)"] = Math.round((h / k) * 100) / 100;
  return [{ name: "deploy apply (300 objects + 2 namespaces, two contexts)", figures }];
}
