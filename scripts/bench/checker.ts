// Checker benchmark: on generated topology files with 50, 200 and 1000 deployments, the CLI's
// cold `check` (a new process each time) against `tsc --noEmit` over the same files (same run,
// interleaved, ratio with its spread), and the language service's incremental re-check after a
// one-character edit (p50/p95). HARMONY_BENCH_BASELINE_CLI=<another build's cli.js> times that
// build too, in the same run.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TopologyWorkspace } from "../../language/analyzer";
import { root } from "../env/paths.mjs";
import { median, percentile } from "./stats";

/** A realistic file: clusters, hosts, failovers (some nested), a multisite and `deployments` deployments, a few wrong. */
export function generateTopologyFile(deployments: number): string {
  const clusters = Math.max(4, Math.ceil(deployments / 10));
  const lines = [
    `import { k8sAnywhere, linuxHost, failover, multisite, deploy, postgres, k8sApp, dockerApp, helmChart } from "@harmony/topology";`,
    "",
  ];
  for (let i = 0; i < clusters; i++) {
    lines.push(`export const c${i} = k8sAnywhere({ name: "cluster-${i}", context: "ctx-${i}", namespace: "ns-${i}" });`);
    lines.push(`export const h${i} = linuxHost({ name: "host-${i}", address: "10.1.${i % 250}.${(i % 200) + 1}" });`);
  }
  for (let i = 0; i + 1 < clusters; i += 2) {
    lines.push(`export const f${i} = failover({ name: "pair-${i}", primary: c${i}, replica: c${i + 1} });`);
  }
  lines.push(`export const top = failover({ name: "top", primary: f0, replica: f2 });`);
  lines.push(`export const world = multisite({ name: "world", sites: [f0, f2, c${clusters - 1}] });`, "");
  for (let i = 0; i < deployments; i++) {
    const c = i % clusters;
    const pair = 2 * Math.floor((i % (clusters - 1)) / 2);
    switch (i % 6) {
      case 0: lines.push(`export const d${i} = deploy(${i % 12 === 0 ? "top" : `f${pair}`}, postgres({ name: "db-${i}", instances: 2, storage: "${i % 9 + 1}Gi" }));`); break;
      case 1: lines.push(`export const d${i} = deploy(${i % 12 === 1 ? "world" : `c${c}`}, k8sApp({ name: "app-${i}", image: "registry.local/app:${i}", replicas: 2 }));`); break;
      case 2: lines.push(`export const d${i} = deploy(h${c}, dockerApp({ name: "svc-${i}", image: "redis:7" }));`); break;
      case 3: lines.push(`export const d${i} = deploy(top, helmChart({ name: "chart-${i}", chart: "nginx", version: "1.${i}.0" }));`); break;
      case 4: lines.push(`export const d${i} = deploy(c${c}, postgres({ name: "pg-${i}", version: "16" }));`); break;
      // One in six is a mistake the checker reports: Docker on a Kubernetes cluster.
      default: lines.push(`export const d${i} = deploy(c${c}, dockerApp({ name: "bad-${i}", image: "nginx" }));`);
    }
  }
  return lines.join("\n") + "\n";
}

/** CPU time (ms) of this process's finished children, where the system says it (Linux). */
function childrenCpu(): number | undefined {
  if (!existsSync("/proc/self/stat")) return undefined;
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
  return (Number(fields[13]) + Number(fields[14])) * 10; // cutime + cstime, in 10 ms ticks
}

function timeCommand(cmd: string, args: string[]): { wall: number; cpu?: number } {
  const cpu0 = childrenCpu();
  const t0 = performance.now();
  try {
    execFileSync(cmd, args, { stdio: "ignore" });
  } catch {
    // `check` exits 1 when it finds errors and so does tsc: both did the full work.
  }
  const wall = performance.now() - t0;
  const cpu1 = childrenCpu();
  return { wall, cpu: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0 };
}

export async function benchChecker() {
  const results = [];
  const cli = join(root, "dist", "cli.js");
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const baseline = process.env.HARMONY_BENCH_BASELINE_CLI;
  for (const n of [50, 200, 1000]) {
    const dir = mkdtempSync(join(tmpdir(), `harmony-bench-${n}-`));
    const file = join(dir, "bench.topology.ts");
    const text = generateTopologyFile(n);
    writeFileSync(file, text);
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    // tsc sees the same library and the same compiler options as the checker.
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true, target: "ES2022", module: "ESNext", moduleResolution: "Bundler", moduleDetection: "force",
          noEmit: true, skipLibCheck: true, types: [], lib: ["ES2022"],
          paths: { "@harmony/topology": [join(root, "dist", "library", "index.d.ts")] },
        },
        files: [file],
      }),
    );
    // A busy machine slows runs unevenly: many runs, each command in turn (order alternating),
    // medians, and the spread of the per-round ratio.
    const runs = n >= 1000 ? 7 : 11;
    const commands: [string, string[]][] = [
      ["tsc", [tsc, "--noEmit", "-p", join(dir, "tsconfig.json")]],
      ["check", [cli, "check", file]],
      ...(baseline ? [["baseline", [baseline, "check", file]] as [string, string[]]] : []),
    ];
    const times = new Map(commands.map(([name]) => [name, [] as { wall: number; cpu?: number }[]]));
    for (const [, args] of commands) timeCommand(process.execPath, args); // code caches, disk caches
    for (let r = 0; r < runs; r++) {
      for (const [name, args] of r % 2 ? [...commands].reverse() : commands) times.get(name)!.push(timeCommand(process.execPath, args));
    }
    const base = times.get("tsc")!;
    const figures: Record<string, number> = { "tsc --noEmit (ms, median)": median(base.map((t) => t.wall)) };
    for (const [name, label] of [["check", "harmony check"], ["baseline", "baseline check"]]) {
      const own = times.get(name);
      if (!own) continue;
      const ratios = own.map((t, i) => t.wall / base[i].wall);
      figures[`${label} cold (ms, median)`] = median(own.map((t) => t.wall));
      figures[`${label} / tsc (median of rounds)`] = median(ratios);
      figures[`${label} / tsc p25`] = percentile(ratios, 25);
      figures[`${label} / tsc p75`] = percentile(ratios, 75);
      if (own.every((t) => t.cpu !== undefined) && base.every((t) => t.cpu !== undefined)) {
        figures[`${label} / tsc CPU time (medians)`] = median(own.map((t) => t.cpu!)) / median(base.map((t) => t.cpu!));
      }
    }
    figures["goal: harmony check / tsc ≤"] = 1.1;
    // Incremental: one language service, one character changed per edit, re-analysed.
    const ws = new TopologyWorkspace();
    let version = 1;
    ws.setDocument(file, text, version);
    ws.analyze(file);
    const at = text.indexOf(`"db-0"`) + 2;
    const edits: number[] = [];
    for (let i = 0; i < 40; i++) {
      const edited = text.slice(0, at) + String.fromCharCode(97 + (i % 26)) + text.slice(at + 1);
      ws.setDocument(file, edited, ++version);
      const t0 = performance.now();
      const { diagnostics } = ws.analyze(file);
      edits.push(performance.now() - t0);
      if (!diagnostics.some((d) => d.code === "HARMONY1001")) throw new Error("the benchmark file lost its deliberate errors");
    }
    results.push({
      name: `${n} deployments (${text.split("\n").length} lines)`,
      figures: {
        ...figures,
        "incremental re-check p50 (ms)": percentile(edits, 50),
        "incremental re-check p95 (ms)": percentile(edits, 95),
        ...(n === 200 ? { "incremental p50 goal (ms)": 20 } : {}),
      },
    });
    rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
