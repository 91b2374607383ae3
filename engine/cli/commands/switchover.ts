// `harmony switchover`: reads both live sides of a failover PostgreSQL and makes the file's primary
// (or --to SIDE) the live one with CloudNativePG's controlled sequence, then deploys the plan.
// `harmony deploy` goes through the same path (deployOverLive) whenever the plan has PostgreSQL sides.
import { createInterface } from "node:readline/promises";
import { isAbsolute, resolve } from "node:path";
import { openKube, planDeployment, planTargets, planToJson, formatSummary, type Kube, type Plan } from "../../deploy";
import { DEFAULT_DEADLINE_MS } from "../../deploy/apply";
import { describeSide, liveStatusLines, postgresSides } from "../../deploy/postgres-live";
import { headline } from "../../deploy/switchover";
import { deployWithSwitchover, formatSwitchover, readSwitchover } from "../../deploy/switchover-run";
import { modelWithPrimary } from "../../deploy/switchover-target";
import { Exit, UsageError, type CliCommand, type CliIO } from "../command";
import { parseDuration } from "../duration";
import { redactingIO } from "../redacting";
import { loadTopologyModel } from "./bonds";
import { parseOptions } from "./plan";
import { cancelOnInterrupt } from "../interrupt";

const usage = `Usage: harmony switchover FILE --deployment NAME [--to SIDE] [--dry-run] [--yes] [--format text|json]
                          [--primary-lost] [--kubeconfig PATH] [--timeout DURATION]

Makes one side of a failover PostgreSQL the live primary: reads both live Clusters, and when the
live primary is not the file's (or SIDE), demotes it, waits for its demotion token, promotes the
new side with that token, deploys the plan, and confirms the old side follows the new primary.
Failback is the same command the other way. Nothing is written when both sides claim primary, or
when the live primary cannot be read.

  FILE               a topology file (*.topology.ts), or a TopologyModel as JSON
  --deployment NAME  the PostgreSQL deployment's const name
  --to SIDE          the site to make primary (default: the file's primary). Edit the file to match
                     (Harmony: Switch Over… does): the next deploy of an unedited file switches back
  --dry-run          read the live sides and print the sequence; write nothing
  --yes              do not ask before switching
  --format FORMAT    text (default), or json: {"deployment", "live":[…], "switchover":{"kind", "from",
                     "to", "steps":[{"id", "action", "description"}]}, "refused", "notes", "steps":[plan steps]}
  --primary-lost     the live primary is gone for good: promote without its demotion token. Writes it
                     had not streamed to the new primary are lost; it rejoins as a replica when it returns
  --kubeconfig PATH  default: KUBECONFIG, else ~/.kube/config
  --timeout DURATION each wait's limit (default 10m)

Exit status: 0 switched (or nothing to switch), 1 refused, failed or cancelled, 2 no plan or usage error.`;

export interface LiveDeployOptions {
  dryRun: boolean;
  yes: boolean;
  force?: boolean;
  primaryLost?: boolean;
  deadlineMs?: number;
  waitTimeoutMs?: number;
  command: string;
}

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/**
 * Deploys `plan` over what is live, switching the PostgreSQL primary first when the live one is not
 * the plan's; asks before changing anything unless `yes`. Returns the exit code.
 */
export async function deployOverLive(plan: Plan, kube: Kube, o: LiveDeployOptions, io: CliIO, already?: Awaited<ReturnType<typeof readSwitchover>>): Promise<number> {
  // One deadline for the whole command: the live read spends from it, the deploy gets what is left
  // (the time spent at the confirmation prompt is the user's, not the deploy's).
  const deadlineMs = o.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const readStarted = Date.now();
  const read = already ?? (await readSwitchover(plan, kube, { primaryLost: o.primaryLost, signal: AbortSignal.timeout(deadlineMs) }));
  const readMs = Date.now() - readStarted;
  if (!already) io.err(liveStatusLines(read.sides).map((l) => `live: ${l}`).join("\n"));
  const report = formatSwitchover({ decision: read.decision, sequence: [] });
  if (report) io.err(report);
  if (read.decision.kind === "refused") return Exit.Findings;
  const sw = read.decision.kind === "switch" ? read.decision.switchover : undefined;
  if (!o.dryRun && !o.yes) {
    if (!process.stdin.isTTY) {
      io.err(`harmony ${o.command}: ${sw ? headline(sw) : `${plan.deployment} would change clusters`}; pass --yes to go on without a terminal to confirm in`);
      return Exit.Failure;
    }
    const where = planTargets(plan).map((t) => `  context ${t.context || "(current)"}, namespace ${t.namespace || "(the context's)"}`).join("\n");
    if (sw?.kind === "primary-lost") {
      // Louder than y/N: the user types the site that takes over, having read the risk.
      const answer = await ask(`${sw.risk}\nType ${sw.to.site} to promote it without a demotion token: `);
      if (answer !== sw.to.site) return Exit.Findings;
    } else {
      const question = sw
        ? `Switch over ${plan.deployment}: current primary ${sw.from.map(describeSide).join(", ")} → new primary ${describeSide(sw.to)}, then deploy to:\n${where}\nProceed? [y/N] `
        : `Deploy ${plan.deployment} to:\n${where}\nProceed? [y/N] `;
      if (!/^y(es)?$/i.test(await ask(question))) return Exit.Findings;
    }
  }
  const interrupt = cancelOnInterrupt(io);
  try {
    const result = await deployWithSwitchover(plan, read, {
      kube,
      dryRun: o.dryRun,
      force: o.force,
      deadlineMs,
      deadlineAt: Date.now() + deadlineMs - readMs,
      waitTimeoutMs: o.waitTimeoutMs,
      signal: interrupt.signal,
      onSwitchoverProgress: (step, message) => io.err(`${step.id} ${step.action}: ${message}`),
      onProgress: (e) => {
        if (e.kind === "step-start") io.err(`${e.step.id} ${e.step.action}: ${e.message}`);
        else if (e.kind === "step-end") io.err(`${e.step.id} ${e.message}`);
        else if (e.kind === "waiting") io.err(`${e.step.id} waiting: ${e.message}`);
      },
    });
    if (sw) io.out(formatSwitchover(result));
    if (result.summary) io.out(formatSummary(result.summary));
    return result.ok ? Exit.Ok : Exit.Findings;
  } finally {
    interrupt.dispose();
  }
}

async function run(args: string[], plainIO: CliIO): Promise<number> {
  const io = redactingIO(plainIO);
  const opts = parseOptions(args, ["--deployment", "--to", "--format", "--kubeconfig", "--timeout"], ["--dry-run", "--yes", "--primary-lost"]);
  const format = opts.values.get("--format") ?? "text";
  if (format !== "text" && format !== "json") throw new UsageError(`--format is text or json, not "${format}"`);
  const name = opts.values.get("--deployment");
  if (!name) throw new UsageError("--deployment NAME is missing");
  const waitTimeoutMs = opts.values.has("--timeout") ? parseDuration("--timeout", opts.values.get("--timeout")!) : undefined;
  const path = isAbsolute(opts.file) ? opts.file : resolve(io.cwd, opts.file);
  const loaded = await loadTopologyModel(path);
  if (!loaded.ok) {
    io.err(`harmony switchover: ${loaded.error}`);
    return Exit.Failure;
  }
  let model = loaded.model;
  const to = opts.values.get("--to");
  if (to) {
    const m = modelWithPrimary(model, name, to);
    if (!m.ok) {
      io.err(`harmony switchover: ${m.error}`);
      return Exit.Failure;
    }
    if (m.changed) io.err(`note: ${opts.file} names another primary; after this switchover, edit it to name ${to} primary, or its next deploy switches back`);
    model = m.model;
  }
  const planned = planDeployment(model, name, loaded.errors);
  if (!planned.ok) {
    io.err(`harmony switchover: ${planned.error}`);
    return Exit.Failure;
  }
  const plan = planned.plan;
  if (!postgresSides(plan).length) {
    io.err(`harmony switchover: deployment "${plan.deployment}" is not PostgreSQL on a failover: it has no primary to switch`);
    return Exit.Failure;
  }
  const opened = await openKube(opts.values.get("--kubeconfig"), planTargets(plan).map((t) => t.context), { env: io.env, cwd: io.cwd });
  if (!opened.ok) {
    io.err(`harmony switchover: ${opened.error}`);
    return Exit.Failure;
  }
  try {
    const dryRun = opts.flags.has("--dry-run");
    const primaryLost = opts.flags.has("--primary-lost");
    const read = await readSwitchover(plan, opened.kube, { primaryLost });
    const d = read.decision;
    if (format === "json") {
      const sw = d.kind === "switch" ? d.switchover : undefined;
      const steps = JSON.parse(planToJson(plan)).steps;
      const json = {
        deployment: plan.deployment,
        live: liveStatusLines(read.sides),
        switchover: sw ? { kind: sw.kind, from: sw.from.map((s) => s.site), to: sw.to.site, ...(sw.risk ? { risk: sw.risk } : {}), steps: sw.steps.map(({ id, action, description }) => ({ id, action, description })) } : null,
        refused: d.kind === "refused" ? d.reason : null,
        notes: d.notes,
        steps,
      };
      io.out(JSON.stringify(json, null, 2));
    } else {
      io.err(liveStatusLines(read.sides).map((l) => `live: ${l}`).join("\n"));
      if (dryRun) io.out(formatSwitchover({ decision: d, sequence: [] }) || "nothing to switch: the live primary is the file's");
    }
    if (dryRun) return d.kind === "refused" ? Exit.Findings : Exit.Ok;
    // With JSON on stdout, the run's report goes to stderr.
    const runIO = format === "json" ? { ...io, out: io.err } : io;
    return await deployOverLive(plan, opened.kube, { dryRun: false, yes: opts.flags.has("--yes"), primaryLost, waitTimeoutMs, command: "switchover" }, runIO, read);
  } finally {
    opened.kube.close();
  }
}

export const switchover: CliCommand = {
  name: "switchover",
  summary: "Make one side of a failover PostgreSQL the live primary (switchover, failback, lost primary)",
  usage,
  run,
};
