// `harmony deploy`: plans a deployment and applies it to its clusters with server-side apply.
import { createInterface } from "node:readline/promises";
import { applyPlan, describeTarget, formatSummary, isHostPlan, openKube, planTargets, type Plan } from "../../deploy";
import { Exit, type CliCommand, type CliIO } from "../command";
import { parseDuration } from "../duration";
import { redactingIO } from "../redacting";
import { deployToHosts } from "./deploy-hosts";
import { parseOptions, planFromFile } from "./plan";
import { postgresSides } from "../../deploy/postgres-live";
import { deployOverLive } from "./switchover";
import { cancelOnInterrupt } from "../interrupt";

const usage = `Usage: harmony deploy FILE --deployment NAME [--kubeconfig PATH] [--yes] [--dry-run] [--force]
                      [--request-timeout DURATION] [--timeout DURATION]
                      [--accept-host-key SHA256:…] [--known-hosts PATH] [--health-timeout DURATION]

Plans NAME and applies it. On clusters: server-side apply with field manager "harmony", dependent
steps in order (a failover primary before its replica), independent ones in parallel; the summary
says of every object: applied, unchanged, failed (why), skipped (why). On Linux hosts: the Docker
Engine API over SSH (host keys checked against ~/.ssh/known_hosts), one host after another, each
container running and healthy before the next host; the summary says of every container: created,
replaced, unchanged, failed (why), skipped (why). Ctrl-C cancels.

  FILE               a topology file (*.topology.ts), or a TopologyModel as JSON
  --deployment NAME  the deployment's const name
  --kubeconfig PATH  default: KUBECONFIG (every path, merged as kubectl does), else ~/.kube/config
  --yes              do not ask before changing the clusters
  --dry-run          server-side dry run: nothing is written
  --force            take over fields another field manager owns (after a conflict)
  --request-timeout DURATION
                     give up on one API request after this long (default 30s; on hosts 60s,
                     a container's stop may take 10s); an API server that stops answering fails
                     the objects not yet sent as "not attempted", a host's Docker engine that
                     stops answering fails the container with the host and the request named
  --timeout DURATION the whole deploy's deadline (default 30m), waits included
  --accept-host-key SHA256:…
                     a host whose key is not in known_hosts yet: accept this key (as ssh printed it)
                     and add it there. A changed key is never accepted this way.
  --known-hosts PATH default: ~/.ssh/known_hosts
  --health-timeout DURATION
                     how long a container may take to run and be healthy (default 60s)

Exit status: 0 deployed, 1 something failed or was cancelled, 2 no plan or usage error.`;

async function confirm(plan: Plan, io: CliIO): Promise<boolean> {
  const where = planTargets(plan).map((t) => `  ${describeTarget(t)}`).join("\n");
  if (!process.stdin.isTTY) {
    io.err(`harmony deploy: ${plan.deployment} would change:\n${where}\npass --yes to deploy without a terminal to confirm in`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`Deploy ${plan.deployment} to:\n${where}\nProceed? [y/N] `);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

async function run(args: string[], plainIO: CliIO): Promise<number> {
  const io = redactingIO(plainIO);
  const opts = parseOptions(
    args,
    ["--deployment", "--kubeconfig", "--request-timeout", "--timeout", "--accept-host-key", "--known-hosts", "--health-timeout"],
    ["--yes", "--dry-run", "--force"],
  );
  const requestTimeout = opts.values.has("--request-timeout") ? parseDuration("--request-timeout", opts.values.get("--request-timeout")!) : undefined;
  const deadlineMs = opts.values.has("--timeout") ? parseDuration("--timeout", opts.values.get("--timeout")!) : undefined;
  const plan = await planFromFile(opts.file, opts.values.get("--deployment"), io, "deploy");
  if (!plan) return Exit.Failure;
  const dryRun = opts.flags.has("--dry-run");
  // Host bonds are applied from their diff: that is where a bond that would cut a node off is
  // caught, and where nmstate's answer on every node is followed.
  const bonds = !isHostPlan(plan) && plan.steps.some((s) => s.objects.some((o) => o.kind === "NodeNetworkConfigurationPolicy"));
  if (bonds && !dryRun) {
    io.err(
      `harmony deploy: ${plan.deployment} bonds host NICs; apply it with \`harmony bonds ${opts.file} --deployment ${plan.deployment} --kubeconfig PATH --apply\`, ` +
        "which first checks that no bond cuts a node off, then follows nmstate on every node until it settles",
    );
    return Exit.Failure;
  }
  if (isHostPlan(plan)) {
    const health = opts.values.get("--health-timeout");
    return deployToHosts(
      plan,
      {
        yes: opts.flags.has("--yes"),
        dryRun,
        acceptHostKey: opts.values.get("--accept-host-key"),
        knownHosts: opts.values.get("--known-hosts"),
        deadlineMs,
        healthTimeoutMs: health ? parseDuration("--health-timeout", health) : undefined,
        requestTimeoutMs: requestTimeout,
      },
      io,
    );
  }
  const opened = await openKube(opts.values.get("--kubeconfig"), planTargets(plan).map((t) => t.context), {
    env: io.env,
    cwd: io.cwd,
    limits: requestTimeout ? { requestTimeoutMs: requestTimeout } : undefined,
  });
  if (!opened.ok) {
    io.err(`harmony deploy: ${opened.error}`);
    return Exit.Failure;
  }
  if (postgresSides(plan).length) {
    // Failover PostgreSQL: the live sides decide whether a switchover runs first.
    try {
      return await deployOverLive(plan, opened.kube, { dryRun, yes: opts.flags.has("--yes"), force: opts.flags.has("--force"), deadlineMs, command: "deploy" }, io);
    } finally {
      opened.kube.close();
    }
  }
  if (!dryRun && !opts.flags.has("--yes") && !(await confirm(plan, io))) return Exit.Failure;
  const interrupt = cancelOnInterrupt(io);
  try {
    const summary = await applyPlan(plan, {
      kube: opened.kube,
      dryRun,
      deadlineMs,
      force: opts.flags.has("--force"),
      signal: interrupt.signal,
      onProgress: (e) => {
        if (e.kind === "step-start") io.err(`${e.step.id} ${e.step.action}: ${e.message}`);
        else if (e.kind === "step-end") io.err(`${e.step.id} ${e.message}`);
        else if (e.kind === "waiting") io.err(`${e.step.id} waiting: ${e.message}`);
      },
    });
    io.out(formatSummary(summary));
    return summary.ok ? Exit.Ok : Exit.Findings;
  } finally {
    interrupt.dispose();
    opened.kube.close();
  }
}

export const deploy: CliCommand = {
  name: "deploy",
  summary: "Deploy a deployment to its Kubernetes clusters (server-side apply) or Linux hosts (Docker over SSH), with a summary",
  usage,
  run,
};
