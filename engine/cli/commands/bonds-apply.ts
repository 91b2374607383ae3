// `harmony bonds --apply`: applies the policies of the hosts whose bond changes, as the diff just
// printed showed them, then follows nmstate on each node until it settles. A bond that may cut a
// node off (HARMONY1301) is applied only with --allow-lockout-risk.
import { createInterface } from "node:readline/promises";
import type { BondDeployment, BondDiffReport } from "../../bonds";
import { bondPlan, followTargets } from "../../bonds/apply-plan";
import { followBondApply, formatFollow } from "../../bonds/follow";
import { applyPlan, formatSummary, openKube } from "../../deploy";
import { Exit, type CliIO } from "../command";
import { cancelOnInterrupt } from "../interrupt";

export interface BondApplyOptions {
  file: string;
  kubeconfig: string;
  yes: boolean;
  allowLockoutRisk: boolean;
  requestTimeoutMs?: number;
  followTimeoutMs?: number;
}

async function confirm(question: string, io: CliIO): Promise<boolean> {
  if (!process.stdin.isTTY) {
    io.err(`harmony bonds: ${question.split("\n")[0]}\npass --yes to apply without a terminal to confirm in`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question}\nProceed? [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

/** Applies the changed hosts' policies of `report` and follows them; the exit code. */
export async function applyBondDiff(report: BondDiffReport, wanted: BondDeployment, opts: BondApplyOptions, io: CliIO): Promise<number> {
  const changed = new Set(report.hosts.filter((h) => h.changed).map((h) => h.host));
  const policies = wanted.hosts.filter((h) => changed.has(h.host)).map((h) => h.policy);
  if (policies.length === 0) {
    io.err(`harmony bonds: nothing to apply: every host's bond in ${report.deployment} is as desired`);
    return Exit.Ok;
  }
  const atRisk = report.hosts.filter((h) => h.lockout.length);
  if (atRisk.length && !opts.allowLockoutRisk) {
    io.err(
      `harmony bonds: not applying: the bonds may cut off node(s) ${atRisk.map((h) => h.node).join(", ")} (HARMONY1301, above); ` +
        "pass --allow-lockout-risk to apply anyway",
    );
    return Exit.Failure;
  }
  const opened = await openKube(opts.kubeconfig, [report.context ?? ""], {
    env: io.env,
    cwd: io.cwd,
    limits: opts.requestTimeoutMs ? { requestTimeoutMs: opts.requestTimeoutMs } : undefined,
  });
  if (!opened.ok) {
    io.err(`harmony bonds: ${opened.error}`);
    return Exit.Failure;
  }
  const interrupt = cancelOnInterrupt(io);
  try {
    const client = opened.kube.client(report.context ?? "");
    const hosts = policies.map((p) => `  ${p.spec.nodeSelector?.["kubernetes.io/hostname"]}: ${p.metadata.name}`).join("\n");
    const risk = atRisk.length ? `\nat risk of being cut off: ${atRisk.map((h) => h.node).join(", ")}` : "";
    if (!opts.yes && !(await confirm(`Apply the bonds of ${report.deployment} on ${client.server} (context ${client.context}):\n${hosts}${risk}`, io))) {
      return Exit.Failure;
    }
    const summary = await applyPlan(bondPlan(report, policies, opts.file), { kube: opened.kube, signal: interrupt.signal });
    io.out(formatSummary(summary));
    if (!summary.ok) return Exit.Findings;
    io.err(`following nmstate on ${policies.length} node(s); Ctrl-C stops following, not the apply`);
    const followed = await followBondApply(client, followTargets(report, policies), {
      signal: interrupt.signal,
      timeoutMs: opts.followTimeoutMs,
      onChange: (n) => io.err(`${n.host} (node ${n.node}): ${n.state}${n.message ? ` — ${n.message}` : ""}`),
    });
    io.out(formatFollow(followed));
    return followed.ok ? Exit.Ok : Exit.Findings;
  } catch (e) {
    io.err(`harmony bonds: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    return Exit.Failure;
  } finally {
    interrupt.dispose();
    opened.kube.close();
  }
}
