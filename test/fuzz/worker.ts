// One fuzz worker: mutates topology files by their index and runs check, plan and bonds on them in
// this process, through the production CLI bundle, reporting each run to the parent (which
// watches for hangs and kills this process on one).
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mutate, mutationAt } from "./mutations";

export interface RunReport {
  index: number;
  command: string;
  code: number | "threw";
  ms: number;
  /** How many runs this report stands for: a check of a batch of files counts one per file. */
  runs?: number;
  /** "crash" | "stack trace", with the output that shows it. */
  problem?: { kind: "crash" | "stack trace"; output: string };
}

export type WorkerMessage = { type: "start"; index: number; command: string } | { type: "run"; report: RunReport } | { type: "done"; index: number; files: number; rss: number };

const root = join(__dirname, "../..");
const BASES = [
  "examples/shop.topology.ts",
  "examples/lab.topology.ts",
  ...["shop", "apps", "nested", "values", "sites", "kafka", "swap"].map((n) => `test/fixtures/language/${n}.topology.ts`),
];
const EXPECTED: Record<string, number[]> = { check: [0, 1], plan: [0, 2], bonds: [0, 1, 2] };
const STACK = /^\s+at .+(:\d+:\d+\)?|\(native\)|\(<anonymous>\))$/m;
// An exception a command did not expect, caught by a generic handler and printed as its message.
const MASKED = /internal error|is not iterable|is not a function|Cannot read propert|Maximum call stack|Invalid (array|string) length/;

async function main(): Promise<void> {
  const seed = Number(process.env.HARMONY_FUZZ_SEED);
  const bundle = process.env.HARMONY_FUZZ_BUNDLE!;
  // Every exception a command's generic handler catches prints its stack: what the fuzz counts.
  process.env.HARMONY_DEBUG = "1";
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runCli } = require(bundle) as typeof import("../../engine/cli/main");
  const bases = BASES.map((f) => readFileSync(join(root, f), "utf8"));
  const dir = mkdtempSync(join(tmpdir(), "harmony-fuzz-"));
  const fixtures = join(root, "test/fixtures/language");
  for (const f of readdirSync(fixtures)) copyFileSync(join(fixtures, f), join(dir, f));
  for (const f of ["worker-0.lab.yaml", "worker-1.lab.yaml"]) copyFileSync(join(root, "examples/nns", f), join(dir, f));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  const send = (m: WorkerMessage) => process.send!(m);

  const run = async (index: number, command: string, argv: string[]): Promise<RunReport> => {
    send({ type: "start", index, command });
    let output = "";
    const io = { out: (t: string) => void (output += t + "\n"), err: (t: string) => void (output += t + "\n"), cwd: dir, env: {} };
    const t0 = performance.now();
    let code: number | "threw";
    try {
      code = await runCli(argv, io);
    } catch (e) {
      code = "threw";
      output += String((e as Error)?.stack ?? e);
    }
    const ms = performance.now() - t0;
    const problem = STACK.test(output)
      ? ({ kind: "stack trace", output } as const)
      : code === "threw" || !EXPECTED[command].includes(code) || MASKED.test(output)
        ? ({ kind: "crash", output } as const)
        : undefined;
    return { index, command, code, ms, ...(problem ? { problem: { ...problem, output: problem.output.slice(0, 4000) } } : {}) };
  };

  // A batch of files: one `check` of them all (as a user checks a folder), then plan and bonds of each.
  process.on("message", async (m: { indices?: number[] }) => {
    if (!m.indices) return process.exit(0);
    const files = m.indices.map((index, k) => {
      const file = join(dir, `fuzz-${k}.topology.ts`);
      writeFileSync(file, mutate(bases[index % bases.length], mutationAt(seed, index)));
      return { index, file };
    });
    const checked = await run(m.indices[0], "check", ["check", ...files.map((f) => f.file)]);
    if (!checked.problem) send({ type: "run", report: { ...checked, runs: files.length } });
    else for (const { index, file } of files) send({ type: "run", report: await run(index, "check", ["check", file]) });
    for (const { index, file } of files) {
      const text = readFileSync(file, "utf8");
      const deployments = [...text.matchAll(/export\s+const\s+([A-Za-z_$][\w$]*)\s*=\s*deploy\s*\(/g)].map((x) => x[1]);
      const name = deployments.length ? deployments[index % deployments.length] : "web";
      send({ type: "run", report: await run(index, "plan", ["plan", file, "--deployment", name]) });
      send({ type: "run", report: await run(index, "bonds", ["bonds", file, "--state", join(dir, "worker-0.lab.yaml"), join(dir, "worker-1.lab.yaml")]) });
    }
    send({ type: "done", index: m.indices.at(-1)!, files: files.length, rss: process.memoryUsage().rss });
  });
  send({ type: "done", index: -1, files: 0, rss: process.memoryUsage().rss });
}

process.on("uncaughtException", (e) => {
  process.send!({ type: "run", report: { index: -1, command: "worker", code: "threw", ms: 0, problem: { kind: "crash", output: String(e?.stack ?? e) } } });
  process.exit(70);
});
void main();
