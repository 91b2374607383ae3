// `npm run fuzz`: ten thousand mutated topology files through check, plan and bonds of the
// production CLI bundle. Seeded, so a finding reproduces; a few workers, each running the CLI in
// its own process (the parent kills one that hangs and goes on). Ends with one line of figures;
// every count but files and runs must be 0.
//   npm run fuzz -- [--seed N] [--files N] [--workers N] [--batch N] [--hang-seconds N]
import { fork, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { mutate, mutationAt } from "./mutations";
import type { RunReport, WorkerMessage } from "./worker";

const root = join(__dirname, "../..");
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const seed = arg("seed", 1);
const files = arg("files", 10_000);
const workers = arg("workers", 2);
const hangMs = arg("hang-seconds", 60) * 1000;
const batch = arg("batch", 25);
const bundle = join(root, "dist/cli-main.js");
if (!existsSync(bundle)) {
  console.error(`fuzz: ${bundle} is missing; run \`node scripts/build.mjs --production\` first`);
  process.exit(2);
}
const findings = join(root, "test-results/fuzz");

let next = 0;
let finished = 0;
let runs = 0;
let crashes = 0;
let hangs = 0;
let stackTraces = 0;
let slowest = { ms: 0, what: "" };
let maxRss = 0;
const timeBy = new Map<string, number>();
const started = Date.now();

function record(index: number, command: string, kind: string, output: string): void {
  mkdirSync(findings, { recursive: true });
  const name = `seed-${seed}-file-${index}-${command}`;
  if (index >= 0) writeFileSync(join(findings, `${name}.topology.ts`), mutate(baseText(index), mutationAt(seed, index)));
  writeFileSync(join(findings, `${name}.txt`), `${kind}\n${output}`);
  console.log(`fuzz: ${kind} in ${command} of file ${index} (seed ${seed}); kept in ${join("test-results/fuzz", name)}.*`);
}

// The worker's list of bases, read the same way, for keeping a finding's file.
const BASE_FILES = [
  "examples/shop.topology.ts",
  "examples/lab.topology.ts",
  ...["shop", "apps", "nested", "values", "sites", "kafka", "swap"].map((n) => `test/fixtures/language/${n}.topology.ts`),
];
function baseText(index: number): string {
  return require("node:fs").readFileSync(join(root, BASE_FILES[index % BASE_FILES.length]), "utf8");
}

function startWorker(): Promise<void> {
  return new Promise((resolve) => {
    let current: { index: number; command: string; since: number } | undefined;
    let inflight = 0;
    const child: ChildProcess = fork(join(__dirname, "worker.ts"), [], {
      execArgv: ["--import", "tsx"],
      env: { ...process.env, HARMONY_FUZZ_SEED: String(seed), HARMONY_FUZZ_BUNDLE: bundle },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr = (stderr + d).slice(-4000)));
    const watchdog = setInterval(() => {
      if (current && Date.now() - current.since > hangMs) {
        hangs++;
        record(current.index, current.command, `hang (over ${hangMs / 1000} s)`, "");
        current = undefined;
        child.kill("SIGKILL");
      }
    }, 500);
    const feed = () => {
      if (next >= files) return child.send({});
      const indices = Array.from({ length: Math.min(batch, files - next) }, (_, k) => next + k);
      next += indices.length;
      inflight = indices.length;
      child.send({ indices });
    };
    child.on("message", (m: WorkerMessage) => {
      if (m.type === "start") current = { index: m.index, command: m.command, since: Date.now() };
      else if (m.type === "run") {
        const r: RunReport = m.report;
        runs += r.runs ?? 1;
        timeBy.set(r.command, (timeBy.get(r.command) ?? 0) + r.ms);
        if (r.ms > slowest.ms) slowest = { ms: r.ms, what: `${r.command} of file ${r.index}` };
        if (r.problem) {
          if (r.problem.kind === "crash") crashes++;
          else stackTraces++;
          record(r.index >= 0 ? r.index : (current?.index ?? -1), r.command === "worker" ? (current?.command ?? "worker") : r.command, r.problem.kind, r.problem.output);
        }
      } else {
        current = undefined;
        maxRss = Math.max(maxRss, m.rss);
        const before = finished;
        finished += m.files;
        inflight = 0;
        if (Math.floor(finished / 1000) > Math.floor(before / 1000)) {
          console.log(`fuzz: ${finished}/${files} files, ${runs} runs, ${crashes} crashes, ${hangs} hangs, ${stackTraces} stack traces, ${((Date.now() - started) / 1000).toFixed(0)} s`);
        }
        feed();
      }
    });
    child.on("exit", (code, signal) => {
      clearInterval(watchdog);
      if (current) {
        // Died in the middle of a run without saying why: a crash of the process itself.
        crashes++;
        record(current.index, current.command, `crash (worker exited with ${signal ?? code})`, stderr);
      }
      // The files of a batch cut short count as done: the finding names the one that stopped it.
      finished += inflight;
      // A killed or crashed worker is replaced while files remain.
      resolve(next < files ? startWorker() : undefined);
    });
  });
}

void (async () => {
  console.log(`fuzz: seed ${seed}, ${files} files, ${workers} workers, production bundle ${bundle}`);
  await Promise.all(Array.from({ length: workers }, startWorker));
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `fuzz summary: seed ${seed}: ${finished} files, ${runs} runs (check, plan, bonds) in ${seconds.toFixed(0)} s: ` +
      `${crashes} crashes, ${hangs} hangs, ${stackTraces} stack traces; slowest run ${(slowest.ms / 1000).toFixed(1)} s (${slowest.what}); ` +
      `largest worker ${(maxRss / 1e6).toFixed(0)} MB`,
  );
  console.log(`fuzz: mean run ${[...timeBy].map(([c, ms]) => `${c} ${(ms / Math.max(1, finished)).toFixed(0)} ms`).join(", ")}`);
  process.exit(crashes + hangs + stackTraces > 0 || finished < files ? 1 : 0);
})();
