import * as vscode from "vscode";
import { describeHost, type HostPlan } from "../../engine/deploy/plan";
import type { HostDeploySummary } from "../../engine/docker";
import { config } from "../config";
import type { HarmonyContext } from "../context";
import { dockerEngine } from "../docker";
import { abortOn } from "../cancel";

/**
 * Asks whether to trust a host key that is not in known_hosts, showing its fingerprint as `ssh`
 * does; yes adds it there. A changed key never reaches this question: it is refused.
 */
export function confirmHostKey(ctx: HarmonyContext) {
  return async (q: { host: string; name: string; keyType: string; fingerprint: string }): Promise<boolean> => {
    const trust = "Trust and Add to known_hosts";
    const choice = await vscode.window.showWarningMessage(
      `The host key of ${q.host} (${q.name}) is not known. Trust it?`,
      {
        modal: true,
        detail: `${q.keyType} key fingerprint:\n${q.fingerprint}\n\nCompare it with the host's own (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub on the host) before trusting it. Trusting adds it to ${config.knownHostsFile ?? "~/.ssh/known_hosts"}.`,
      },
      trust,
    );
    ctx.log.info(`host key of ${q.host} (${q.name}) ${q.keyType} ${q.fingerprint}: ${choice === trust ? "trusted and added to known_hosts" : "not trusted"}`);
    return choice === trust;
  };
}

/** Deploys a plan on Linux hosts: confirm, then host by host with a cancellable progress, then a summary. */
export async function deployOnHosts(ctx: HarmonyContext, file: vscode.Uri, plan: HostPlan): Promise<HostDeploySummary | undefined> {
  const hosts = [...new Set(plan.steps.map((s) => describeHost(s.target)))];
  if (config.confirmDeploy) {
    const choice = await vscode.window.showWarningMessage(
      `Deploy ${plan.deployment} (${plan.score} on ${plan.topology})?`,
      { modal: true, detail: `Docker over SSH, one host after another, each container running and healthy before the next host:\n${hosts.map((h) => `• ${h}`).join("\n")}` },
      "Deploy",
    );
    if (choice !== "Deploy") return undefined;
  }
  const { deployHosts, formatHostSummary, hostHeadline } = dockerEngine();
  ctx.log.info(`deploy ${plan.deployment}: ${plan.steps.length} steps over SSH on ${hosts.join(", ")}`);
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Deploying ${plan.deployment}`, cancellable: true },
    async (progress, token) => {
      const cancel = abortOn(token, () => ctx.log.warn(`deploy ${plan.deployment}: cancelled by the user`));
      try {
        return await deployHosts(plan, {
          signal: cancel.signal,
          deadlineMs: config.deployDeadlineMs,
          confirmHostKey: confirmHostKey(ctx),
          knownHostsFile: config.knownHostsFile,
          onProgress: (e) => {
            ctx.log.info(`deploy ${plan.deployment}: ${e.step.id} ${e.step.action} ${e.kind === "step-start" ? "started" : e.kind}: ${e.message}`);
            if (e.kind === "step-end") progress.report({ increment: 100 / plan.steps.length, message: `${e.step.id}: ${e.message}` });
            else progress.report({ message: `${e.step.id}: ${e.message}` });
          },
        });
      } finally {
        cancel.dispose();
      }
    },
  );
  for (const line of formatHostSummary(summary).split("\n")) (summary.ok ? ctx.log.info : ctx.log.warn).call(ctx.log, line);
  await ctx.deployStatus.recordHostSummary(file, plan.deployment, summary, hostHeadline(summary));
  const show = summary.ok ? vscode.window.showInformationMessage : summary.cancelled ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(hostHeadline(summary), "Show Log").then((choice) => choice === "Show Log" && ctx.log.show());
  return summary;
}
