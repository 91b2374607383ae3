// A kubeconfig split across KUBECONFIG paths, and API servers that freeze (SIGSTOP) or die
// (SIGKILL) mid-deploy: every deploy ends in bounded time and says truthfully what happened.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { parse, stringify } from "yaml";
import { applyPlan, formatSummary, openKube, planDeployment, type Kube, type Plan } from "../../engine/deploy";
import { fetchNodeNetworkStates } from "../../engine/kube";
import { startKube } from "../../scripts/env/kube.mjs";
import { shopModel } from "../unit/deploy/shop";
import { runSuffix } from "./kubeconfig";

/** The test kubeconfig in two files: the cluster, user and site-a in one, site-b in the other. */
async function splitKubeconfig(dir: string, path: string): Promise<string> {
  const kc = parse(await readFile(path, "utf8"));
  const a = join(dir, "a.yaml");
  const b = join(dir, "b.yaml");
  await writeFile(a, stringify({ ...kc, contexts: kc.contexts.filter((c: { name: string }) => c.name === "site-a") }), { mode: 0o600 });
  await writeFile(b, stringify({ apiVersion: "v1", kind: "Config", clusters: [], users: [], contexts: kc.contexts.filter((c: { name: string }) => c.name === "site-b") }), { mode: 0o600 });
  return [a, join(dir, "missing.yaml"), b].join(delimiter);
}

function planOf(name: string, nsA: string, nsB: string): Plan {
  const m = shopModel({ failover: { publicHost: "db.example.com" } });
  for (const t of m.topologies) {
    if (t.spec.context === "site-a") t.spec.namespace = nsA;
    if (t.spec.context === "site-b") t.spec.namespace = nsB;
  }
  const r = planDeployment(m, name);
  assert.ok(r.ok, r.ok ? "" : r.error);
  return r.plan;
}

/** A one-step plan of `n` ConfigMaps in `namespace` on site-a. */
function configMaps(namespace: string, n: number): Plan {
  return {
    deployment: "many",
    file: "/many.topology.ts",
    topology: "site-a",
    score: "many",
    steps: [
      {
        id: "s1",
        action: "apply",
        target: { context: "site-a", namespace },
        description: `${n} ConfigMaps`,
        objects: [
          { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } },
          ...Array.from({ length: n }, (_, i) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `cm-${i}`, namespace }, data: { i: String(i) } })),
        ],
        after: [],
      },
    ],
  };
}

async function open(kubeconfig: string | undefined, env?: NodeJS.ProcessEnv, requestTimeoutMs?: number): Promise<Kube> {
  const r = await openKube(kubeconfig, ["site-a", "site-b"], { env, limits: requestTimeoutMs ? { requestTimeoutMs } : undefined });
  assert.ok(r.ok, r.ok ? "" : r.error);
  return r.kube;
}

/** Collects process warnings (MaxListenersExceededWarning…) while `f` runs. */
async function warningsDuring<T>(f: () => Promise<T>): Promise<{ value: T; warnings: string[] }> {
  const warnings: string[] = [];
  const on = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
  process.on("warning", on);
  try {
    return { value: await f(), warnings };
  } finally {
    process.removeListener("warning", on);
  }
}

describe("kubeconfig from several KUBECONFIG paths, on a kube-apiserver", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "harmony-split-kc-"));
    env = { KUBECONFIG: await splitKubeconfig(dir, process.env.HARMONY_TEST_KUBECONFIG!) };
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("deploys to site-a and site-b when each context is in a different file", async () => {
    const s = runSuffix();
    const plan = planOf("storefront", `split-a-${s}`, `split-b-${s}`);
    const kube = await open(undefined, env);
    try {
      const summary = await applyPlan(plan, { kube });
      assert.ok(summary.ok, formatSummary(summary));
    } finally {
      kube.close();
    }
  });

  it("reads NodeNetworkStates with a context of the second file", async () => {
    const read = await fetchNodeNetworkStates({ context: "site-b", env });
    assert.ok(read.ok, read.ok ? "" : read.error);
  });

  it("applies 200 objects at once with no MaxListenersExceededWarning", async function () {
    this.timeout(120_000);
    const kube = await open(process.env.HARMONY_TEST_KUBECONFIG);
    try {
      const { value: summary, warnings } = await warningsDuring(() => applyPlan(configMaps(`many-${runSuffix()}`, 200), { kube, concurrency: 32 }));
      assert.ok(summary.ok, formatSummary(summary));
      assert.deepEqual(warnings, []);
    } finally {
      kube.close();
    }
  });
});

describe("an API server that freezes or dies mid-deploy", () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startKube>> | undefined;
  const apiserverPid = async () => JSON.parse(await readFile(join(dir, "pids.json"), "utf8")).apiserver as number;

  // A fresh server for each test: the one before was frozen or killed.
  beforeEach(async function () {
    this.timeout(120_000);
    dir = await mkdtemp(join(tmpdir(), "harmony-faults-kube-"));
    server = await startKube({ dir });
  });
  afterEach(async function () {
    this.timeout(60_000);
    const pid = await apiserverPid().catch(() => 0);
    if (pid) {
      try {
        process.kill(pid, "SIGCONT");
      } catch {
        // Already gone.
      }
    }
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("frozen (SIGSTOP) mid-apply: the deploy ends after the request timeout, the rest not attempted", async function () {
    this.timeout(60_000);
    const pid = await apiserverPid();
    const kube = await open(server!.kubeconfig, undefined, 2000);
    let frozenAt = 0;
    const t0 = Date.now();
    const summary = await applyPlan(configMaps("frozen", 120), {
      kube,
      onProgress: (e) => {
        if (e.kind === "object" && !frozenAt && /^(applied|unchanged) ConfigMap/.test(e.message)) {
          frozenAt = Date.now();
          process.kill(pid, "SIGSTOP");
        }
      },
    });
    kube.close();
    const text = formatSummary(summary);
    assert.ok(frozenAt, text);
    assert.ok(Date.now() - frozenAt < 10_000, `ended ${Date.now() - frozenAt} ms after the freeze\n${text}`);
    assert.ok(!summary.ok);
    const by = (o: string) => summary.objects.filter((x) => x.outcome === o);
    assert.ok(by("applied").length >= 1, text);
    assert.ok(by("skipped").every((o) => /^not attempted: /.test(o.reason ?? "")), text);
    assert.ok(by("skipped").length >= 50, text);
    assert.ok(by("failed").every((o) => /may or may not have applied it/.test(o.reason ?? "")), text);
    assert.match(text, /did not answer within 2 s/);
    assert.ok(Date.now() - t0 < 30_000);
    console.log(`      frozen: ended ${Date.now() - frozenAt} ms after SIGSTOP; ${by("applied").length} applied, ${by("failed").length} may or may not, ${by("skipped").length} not attempted`);
  });

  it("killed mid-apply: sent objects may or may not be applied, the rest are not attempted, no retry storm", async function () {
    this.timeout(60_000);
    const pid = await apiserverPid();
    const kube = await open(server!.kubeconfig);
    let killedAt = 0;
    let sentAtKill = 0;
    const { value: summary, warnings } = await warningsDuring(() =>
      applyPlan(configMaps("killed", 150), {
        kube,
        onProgress: (e) => {
          if (e.kind === "object" && !killedAt && /^(applied|unchanged) ConfigMap/.test(e.message)) {
            killedAt = Date.now();
            sentAtKill = kube.sent;
            process.kill(pid, "SIGKILL");
          }
        },
      }),
    );
    const sentAfter = kube.sent - sentAtKill;
    kube.close();
    const text = formatSummary(summary);
    assert.ok(killedAt, text);
    assert.ok(Date.now() - killedAt < 15_000, `ended ${Date.now() - killedAt} ms after the kill\n${text}`);
    assert.ok(!summary.ok);
    assert.deepEqual(warnings, []);
    const by = (o: string) => summary.objects.filter((x) => x.outcome === o);
    assert.ok(by("skipped").length >= 50, text);
    assert.ok(by("skipped").every((o) => /^not attempted: /.test(o.reason ?? "")), text);
    assert.ok(by("failed").every((o) => /may or may not have applied it/.test(o.reason ?? "")), text);
    assert.doesNotMatch(text, /failed\s+ConfigMap \S+ — (cannot reach|connection to)/);
    assert.ok(sentAfter < 60, `${sentAfter} requests after the kill\n${text}`);
    console.log(`      killed: ended ${Date.now() - killedAt} ms after SIGKILL with ${sentAfter} requests; ${by("applied").length} applied, ${by("failed").length} may or may not, ${by("skipped").length} not attempted`);
  });
});
