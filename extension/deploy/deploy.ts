import * as vscode from "vscode";
import { describeTarget, isHostPlan, planTargets, type Plan } from "../../engine/deploy/plan";
import type { HostDeploySummary } from "../../engine/docker/deploy";
import { deployOnHosts } from "./deploy-hosts";
import { formatSummary, headline, type DeploySummary } from "../../engine/deploy/summary";
import type { Switchover } from "../../engine/deploy/switchover";
import { kubeEngine } from "../kube";
import { config } from "../config";
import type { HarmonyContext } from "../context";
import { pickPlan, type DeployArgs } from "./pick";
import { SHOW_BOND_DIFF } from "../bonds/show";
import { abortOn } from "../cancel";
import { readLivePrimary, recordSwitchedTo } from "./live-primary";

export const DEPLOY = "harmony.deploy";

/** A switchover always asks, naming both sites and, for a lost primary, the writes it loses. */
async function confirmedSwitchover(plan: Plan, sw: Switchover): Promise<boolean> {
  const from = sw.from.map((s) => `${s.site} (${describeTarget(s.target)})`).join(", ");
  const to = `${sw.to.site} (${describeTarget(sw.to.target)})`;
  const action = sw.kind === "primary-lost" ? "Promote Without Token" : "Switch Over and Deploy";
  const detail = [`Current primary: ${from}`, `New primary: ${to}`, "", ...sw.steps.map((s) => `${s.id} ${s.description}`), ...(sw.risk ? ["", `RISK: ${sw.risk}`] : [])].join("\n");
  const choice = await vscode.window.showWarningMessage(`Switch over ${plan.deployment}: ${sw.from.map((s) => s.site).join(", ")} → ${sw.to.site}?`, { modal: true, detail }, action);
  return choice === action;
}

/** Asks, naming every context and namespace, unless `harmony.deploy.confirm` is off. */
async function confirmed(plan: Plan, force: boolean): Promise<boolean> {
  if (!config.confirmDeploy && !force) return true;
  const where = planTargets(plan).map((t) => `• ${describeTarget(t)}`).join("\n");
  const action = force ? "Take Over Fields" : "Deploy";
  const detail = `${plan.steps.length} step${plan.steps.length === 1 ? "" : "s"} with server-side apply (field manager "harmony") on:\n${where}${force ? "\n\nFields other field managers own will become Harmony's." : ""}`;
  const choice = await vscode.window.showWarningMessage(`Deploy ${plan.deployment} (${plan.score} on ${plan.topology})?`, { modal: true, detail }, action);
  return choice === action;
}

/**
 * Answers a caller already has from the user, as the CLI's `--yes` (Switch Over… run with
 * arguments passes them on). The palette and the CodeLens pass none: the modal asks.
 */
export interface DeployOptions {
  /** The switchover the live sides call for was confirmed. A lost primary is always asked here. */
  switchoverConfirmed?: boolean;
}

async function run(ctx: HarmonyContext, file: vscode.Uri, plan: Plan, force: boolean, options: DeployOptions = {}): Promise<DeploySummary | undefined> {
  const { openKube, deployWithSwitchover, formatSwitchover } = kubeEngine();
  const opened = await openKube(config.kubeconfig, planTargets(plan).map((t) => t.context), { limits: config.kubeLimits });
  if (!opened.ok) {
    ctx.log.error(`deploy ${plan.deployment}: ${opened.error}`);
    await ctx.deployStatus.recordFailure(file, plan.deployment, opened.error);
    void vscode.window.showErrorMessage(opened.error);
    return undefined;
  }
  // Failover PostgreSQL: the live sides decide whether a switchover runs before the plan.
  // One deadline for the deploy: reading the live sides spends from it, the run gets what is left.
  const readStarted = Date.now();
  const live = (await readLivePrimary(ctx, file, plan, opened.kube, { signal: AbortSignal.timeout(config.deployDeadlineMs) })) ?? { sides: [], decision: { kind: "none" as const, notes: [] } };
  const readMs = Date.now() - readStarted;
  const sw = live.decision.kind === "switch" ? live.decision.switchover : undefined;
  if (live.decision.kind === "refused") {
    opened.kube.close();
    ctx.log.error(`deploy ${plan.deployment}: switchover refused: ${live.decision.reason}`);
    void vscode.window.showErrorMessage(`Harmony did not deploy ${plan.deployment}: ${live.decision.reason}`, { modal: true });
    return undefined;
  }
  const asked = sw ? (options.switchoverConfirmed && sw.kind !== "primary-lost") || (await confirmedSwitchover(plan, sw)) : await confirmed(plan, force);
  if (!asked) {
    opened.kube.close();
    return undefined;
  }
  ctx.log.info(`deploy ${plan.deployment}: ${plan.steps.length} steps with kubeconfig ${opened.kube.label}${force ? ", taking over conflicting fields" : ""}`);
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Deploying ${plan.deployment}`, cancellable: true },
    async (progress, token) => {
      const cancel = abortOn(token, () => ctx.log.warn(`deploy ${plan.deployment}: cancelled by the user`));
      const total = plan.steps.length;
      try {
        const result = await deployWithSwitchover(plan, live, {
          onSwitchoverProgress: (step, message) => {
            ctx.log.info(`deploy ${plan.deployment}: ${step.id} ${step.action}: ${message}`);
            progress.report({ message: `${step.id}: ${message}` });
          },
          kube: opened.kube,
          force,
          signal: cancel.signal,
          deadlineMs: config.deployDeadlineMs,
          deadlineAt: Date.now() + config.deployDeadlineMs - readMs,
          onProgress: (e) => {
            const line = `${e.step.id} ${e.step.action} ${e.kind === "step-start" ? "started" : e.kind}: ${e.message}`;
            ctx.log.info(`deploy ${plan.deployment}: ${line}`);
            if (e.kind === "step-end") progress.report({ increment: 100 / total, message: `${e.step.id}: ${e.message}` });
            else if (e.kind === "step-start" || e.kind === "waiting") progress.report({ message: `${e.step.id}: ${e.message}` });
          },
        });
        if (sw || !result.summary) for (const line of formatSwitchover(result).split("\n")) (result.ok ? ctx.log.info : ctx.log.warn).call(ctx.log, line);
        if (sw && result.ok && !result.summary?.dryRun) await recordSwitchedTo(ctx, file, plan.deployment, sw.to.site);
        return result;
      } finally {
        cancel.dispose();
        opened.kube.close();
      }
    },
  );
  if (!outcome.summary) {
    const failed = outcome.sequence.find((s) => s.outcome === "failed");
    void vscode.window.showErrorMessage(`Switchover of ${plan.deployment} stopped: ${failed?.description ?? ""}: ${failed?.reason ?? "cancelled"}`, "Show Log").then((c) => c && ctx.log.show());
    return undefined;
  }
  const summary = outcome.summary;
  for (const line of formatSummary(summary).split("\n")) (summary.ok ? ctx.log.info : ctx.log.warn).call(ctx.log, line);
  await ctx.deployStatus.recordSummary(file, plan.deployment, summary);
  const conflicts = summary.objects.some((o) => o.conflicts?.length);
  const buttons = conflicts && !force ? ["Show Log", "Take Over Fields…"] : ["Show Log"];
  const show = summary.ok ? vscode.window.showInformationMessage : summary.cancelled ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(headline(summary), ...buttons).then(async (choice) => {
    if (choice === "Show Log") ctx.log.show();
    if (choice === "Take Over Fields…") await run(ctx, file, plan, true);
  });
  return summary;
}

/** Harmony: Deploy… — pick, confirm, apply with a cancellable progress, then a summary. */
export function deployCommand(ctx: HarmonyContext) {
  return async (...args: [...DeployArgs, DeployOptions?]): Promise<DeploySummary | HostDeploySummary | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage("Deploying is off in untrusted workspaces: trust this workspace to deploy.");
      return undefined;
    }
    const picked = await pickPlan(ctx, [args[0], args[1]], "Deploy");
    if (!picked) return undefined;
    if (isHostPlan(picked.plan)) return deployOnHosts(ctx, picked.file.uri, picked.plan);
    const { model } = picked.file;
    const deployment = model.deployments.find((d) => (d.constName ?? d.id) === picked.plan.deployment);
    if (model.scores.find((s) => s.id === deployment?.score)?.kind === "hostBonds") {
      // Host bonds are applied from their diff: that is where a bond that would cut a node off is
      // caught, and where nmstate's answer on every node is followed.
      ctx.log.info(`deploy ${picked.plan.deployment}: host bonds are applied from their diff (Show Bond Diff, then Apply Bonds)`);
      void vscode.window.showInformationMessage(
        `${picked.plan.deployment} bonds host NICs: review the bond diff, then run Harmony: Apply Bonds — it checks that no bond cuts a node off and follows nmstate on every node.`,
      );
      await vscode.commands.executeCommand(SHOW_BOND_DIFF, picked.file.uri, deployment!.id);
      return undefined;
    }
    return run(ctx, picked.file.uri, picked.plan, false, args[2]);
  };
}
