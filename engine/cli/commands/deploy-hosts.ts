// `harmony deploy` for a deployment on Linux hosts: the Docker Engine API over SSH, host by host.
import { createInterface } from "node:readline/promises";
import { describeHost, type HostPlan } from "../../deploy/plan";
import { deployHosts, formatHostSummary } from "../../docker/deploy";
import { Exit, type CliIO } from "../command";
import { cancelOnInterrupt } from "../interrupt";

export interface HostDeployFlags {
  yes: boolean;
  dryRun: boolean;
  acceptHostKey?: string;
  knownHosts?: string;
  deadlineMs?: number;
  healthTimeoutMs?: number;
  requestTimeoutMs?: number;
}

async function confirm(plan: HostPlan, io: CliIO): Promise<boolean> {
  const hosts = [...new Map(plan.steps.map((s) => [describeHost(s.target), s])).keys()];
  const where = hosts.map((h) => `  ${h}`).join("\n");
  if (!process.stdin.isTTY) {
    io.err(`harmony deploy: ${plan.deployment} would change the containers of:\n${where}\npass --yes to deploy without a terminal to confirm in`);
    return false;
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`Deploy ${plan.deployment} to:\n${where}\nProceed? [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

export async function deployToHosts(plan: HostPlan, flags: HostDeployFlags, io: CliIO): Promise<number> {
  if (flags.acceptHostKey !== undefined && !/^SHA256:[A-Za-z0-9+/]{43}$/.test(flags.acceptHostKey)) {
    io.err(`harmony deploy: --accept-host-key takes a fingerprint as ssh prints it (SHA256: and 43 characters), not "${flags.acceptHostKey}"`);
    return Exit.Failure;
  }
  if (!flags.dryRun && !flags.yes && !(await confirm(plan, io))) return Exit.Failure;
  const interrupt = cancelOnInterrupt(io);
  try {
    const summary = await deployHosts(plan, {
      env: io.env,
      signal: interrupt.signal,
      dryRun: flags.dryRun,
      acceptHostKey: flags.acceptHostKey,
      knownHostsFile: flags.knownHosts,
      deadlineMs: flags.deadlineMs,
      healthTimeoutMs: flags.healthTimeoutMs,
      requestTimeoutMs: flags.requestTimeoutMs,
      onProgress: (e) => {
        if (e.kind === "step-start") io.err(`${e.step.id} ${e.step.action}: ${e.message}`);
        else io.err(`${e.step.id} ${e.message}`);
      },
    });
    io.out(formatHostSummary(summary));
    return summary.ok ? Exit.Ok : Exit.Findings;
  } finally {
    interrupt.dispose();
  }
}
