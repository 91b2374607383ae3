// `npm run bench`: every benchmark of the product, each printing its figures and its ratio against
// a baseline measured in the same run. Sections are independent; one that cannot run says why.
//   npm run bench [-- section...]    sections: extension, checker, designer, roundtrip, deploy, bonds, diagram, docker
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./env/paths.mjs";

export interface BenchResult {
  name: string;
  figures: Record<string, number | string>;
}

interface Section {
  name: string;
  run: () => Promise<BenchResult[]>;
}

// Loaded by path, so a section whose module has not been built yet fails alone, not the whole run.
const load = (relative: string): Promise<any> => import(new URL(relative, import.meta.url).href);

const MB = 1024 * 1024;

const sections: Section[] = [
  {
    name: "extension",
    run: async () => {
      // What VS Code reads at activation, against the 1 MB budget of a thin client (the language
      // server, the Kubernetes client and the webview load in their own bundles, when needed).
      const size = (f: string) => statSync(join(root, "dist", f)).size;
      const bundles: BenchResult = {
        name: "production bundles (MB)",
        figures: { "extension.js": size("extension.js") / MB, "extension.js goal": 1, "server.js": size("server.js") / MB, "webview.js": size("webview.js") / MB },
      };
      const f: { runs: number[]; p50: number; p95: number } = await (await load("../test/browser/activation-bench.ts")).benchActivation();
      return [
        bundles,
        {
          name: `activation to the first diagnostics of examples/shop.topology.ts in the real VS Code (${f.runs.length} fresh windows)`,
          figures: { "p50 (ms)": f.p50, "p95 (ms)": f.p95, runs: f.runs.join(", ") },
        },
      ];
    },
  },
  { name: "checker", run: async () => (await load("./bench/checker.ts")).benchChecker() },
  {
    name: "designer",
    run: async () => {
      const figures: { nodes: number; p50: number; p95: number; goalMs: number; runs: number[] }[] =
        await (await load("../test/browser/designer-bench.ts")).benchDesignerRender();
      return figures.map((f) => ({
        name: `first render, ${f.nodes} nodes, Chromium (${f.runs.length} runs)`,
        figures: { "p50 (ms)": f.p50, "p95 (ms)": f.p95, "goal (ms)": f.goalMs, "p50 / goal": f.p50 / f.goalMs },
      }));
    },
  },
  {
    name: "roundtrip",
    run: async () => {
      const f: { openMs: number; runs: number[]; p50: number; p95: number; goalMs: number } =
        await (await load("../test/browser/designer-bench.ts")).benchDesignerRoundTrip();
      return [
        {
          name: `canvas op round trip in the real VS Code (${f.runs.length} ops: op -> document edited -> model drawn)`,
          figures: { "designer open (ms)": f.openMs, "p50 (ms)": f.p50, "p95 (ms)": f.p95, "p50 goal (ms)": f.goalMs, "p50 / goal": f.p50 / f.goalMs },
        },
      ];
    },
  },
  {
    name: "deploy",
    run: async () => {
      const { ensureKubeApiserver, startKube } = await import("./env/kube.mjs");
      await ensureKubeApiserver();
      const dir = join(root, "bench-results", "kube");
      const kube = await startKube({ dir });
      try {
        return await (await load("../engine/deploy/bench.ts")).benchApply(kube.kubeconfig);
      } finally {
        await kube.stop();
      }
    },
  },
  { name: "bonds", run: async () => (await load("../engine/bonds/bench.ts")).benchBonds() },
  { name: "diagram", run: async () => (await load("./bench/diagram.ts")).benchDiagram() },
  {
    name: "docker",
    run: async () => {
      const { startDockerHosts, dockerCli } = await import("./env/docker-hosts.mjs");
      const hosts = await startDockerHosts({ dir: join(root, "bench-results", "docker") });
      try {
        return await (await load("../engine/docker/bench.ts")).benchDockerDeploy(hosts.hosts, hosts.clientKey, hosts.knownHosts, dockerCli);
      } finally {
        await hosts.stop();
      }
    },
  },
];

function print(results: BenchResult[]) {
  for (const r of results) {
    console.log(`  ${r.name}`);
    for (const [k, v] of Object.entries(r.figures)) {
      console.log(`    ${k.padEnd(36)} ${typeof v === "number" ? (Number.isInteger(v) ? v : v.toFixed(2)) : v}`);
    }
  }
}

const wanted = process.argv.slice(2);
const all: Record<string, BenchResult[] | { error: string }> = {};
for (const s of sections) {
  if (wanted.length && !wanted.includes(s.name)) continue;
  console.log(`\n== ${s.name} ==`);
  try {
    const results = await s.run();
    print(results);
    all[s.name] = results;
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    console.log(`  could not run: ${error}`);
    all[s.name] = { error };
  }
}
mkdirSync(join(root, "bench-results"), { recursive: true });
writeFileSync(join(root, "bench-results", "latest.json"), JSON.stringify({ date: new Date().toISOString(), results: all }, null, 2));
console.log(`\nfigures written to bench-results/latest.json`);
