// Harmony: Apply Bonds — applies the NodeNetworkConfigurationPolicies of a shown bond diff's
// changed hosts with the deploy engine's applier, after a modal confirmation naming the context
// and the hosts (and, apart, the nodes a bond may cut off), then follows nmstate on each node.
// What is applied is what the diff showed, not a fresh reading of the file.
import * as vscode from "vscode";
import { bondPlan } from "../../engine/bonds/apply-plan";
import { formatSummary, headline, type DeploySummary } from "../../engine/deploy/summary";
import type { Kube } from "../../engine/deploy/kube";
import { DiagnosticCode } from "../../shared/model";
import { kubeEngine } from "../kube";
import { config } from "../config";
import type { HarmonyContext } from "../context";
import { followApply } from "./follow";
import type { ShownBondDiff, ShownBondDiffs } from "./shown";
import { abortOn } from "../cancel";

export const APPLY_BONDS = "harmony.applyBonds";

async function confirmed(shown: ShownBondDiff, context: string, server: string, force: boolean): Promise<boolean> {
  const changed = shown.report.hosts.filter((h) => h.changed);
  const unchanged = shown.report.hosts.filter((h) => !h.changed).map((h) => h.host);
  const lines = shown.policies.map((p) => {
    const node = p.spec.nodeSelector?.["kubernetes.io/hostname"];
    const host = changed.find((h) => h.node === node)?.host ?? node;
    return `• ${host} (node ${node}): ${p.metadata.name}`;
  });
  const atRisk = changed.filter((h) => h.lockout.length);
  const risks = atRisk.flatMap((h) => h.lockout.map((r) => `• node ${r.node}: ${r.nic} ${r.reasons.join(", and ")}`));
  const detail = [
    ...(atRisk.length ? [`${DiagnosticCode.LockoutRisk}: these bonds take what the nodes reach the cluster through:`, ...risks, ""] : []),
    `NodeNetworkConfigurationPolicies to server-side apply (field manager "harmony") on ${server}:`,
    ...lines,
    unchanged.length ? `Left alone (unchanged): ${unchanged.join(", ")}.` : "",
    `Current state was read from ${shown.from}.`,
    force ? "Fields other field managers own will become Harmony's." : "",
    "nmstate reconfigures these hosts' networks; a wrong bond can cut a host off.",
  ]
    .filter(Boolean)
    .join("\n");
  const action = atRisk.length ? `Apply Despite Lockout Risk on ${atRisk.map((h) => h.node).join(", ")}` : force ? "Take Over Fields" : "Apply";
  const verb = force ? "Take over and apply" : "Apply";
  const title = atRisk.length
    ? `${verb} the bonds of ${shown.report.deployment}? Nodes ${atRisk.map((h) => h.node).join(", ")} may be cut off (context ${context}).`
    : `${verb} the bonds of ${shown.report.deployment} on ${changed.map((h) => h.host).join(", ")} (context ${context})?`;
  const choice = await vscode.window.showWarningMessage(title, { modal: true, detail }, action);
  return choice === action;
}

/** Opens the kubeconfig, confirms, applies, and says what happened; the connection is closed after. */
async function run(ctx: HarmonyContext, shown: ShownBondDiff, force: boolean): Promise<DeploySummary | undefined> {
  const { report } = shown;
  const opened = await kubeEngine().openKube(config.kubeconfig, [report.context ?? ""], { limits: config.kubeLimits });
  if (!opened.ok) {
    ctx.log.error(`bonds ${report.deployment}: ${opened.error}`);
    void vscode.window.showErrorMessage(`Cannot apply the bonds of ${report.deployment}: ${opened.error}`);
    return undefined;
  }
  try {
    const applied = await confirmAndApply(ctx, shown, opened.kube, force);
    if (!applied) return undefined;
    const { summary, context } = applied;
    if (!summary.ok) return summarize(ctx, shown, summary, force);
    for (const line of formatSummary(summary).split("\n")) ctx.log.info(`bonds ${line}`);
    await followApply(ctx, shown, opened.kube.client(report.context ?? ""), context);
    return summary;
  } finally {
    opened.kube.close();
  }
}

async function confirmAndApply(
  ctx: HarmonyContext,
  shown: ShownBondDiff,
  kube: Kube,
  force: boolean,
): Promise<{ summary: DeploySummary; context: string } | undefined> {
  const { report } = shown;
  let context: string;
  let server: string;
  try {
    const client = kube.client(report.context ?? "");
    context = client.context;
    server = client.server;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    ctx.log.error(`bonds ${report.deployment}: ${message}`);
    void vscode.window.showErrorMessage(`Cannot apply the bonds of ${report.deployment}: ${message}`);
    return undefined;
  }
  if (!(await confirmed(shown, context, server, force))) return undefined;

  const plan = bondPlan(report, shown.policies, shown.file.fsPath);
  ctx.log.info(`bonds ${report.deployment}: applying ${shown.policies.length} policies on context ${context} with kubeconfig ${kube.label}${force ? ", taking over conflicting fields" : ""}`);
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Applying the bonds of ${report.deployment} on ${context}`, cancellable: true },
    async (progress, token) => {
      const cancel = abortOn(token);
      try {
        return await kubeEngine().applyPlan(plan, {
          kube,
          force,
          signal: cancel.signal,
          deadlineMs: config.deployDeadlineMs,
          onProgress: (e) => {
            ctx.log.info(`bonds ${report.deployment}: ${e.message}`);
            if (e.kind === "object") progress.report({ message: e.message });
          },
        });
      } finally {
        cancel.dispose();
      }
    },
  );
  return { summary, context };
}

/** A failed or cancelled apply: in the log line by line, and in a notification. */
function summarize(ctx: HarmonyContext, shown: ShownBondDiff, summary: DeploySummary, force: boolean): DeploySummary {
  for (const line of formatSummary(summary).split("\n")) ctx.log.warn(`bonds ${line}`);

  const conflicts = summary.objects.some((o) => o.conflicts?.length);
  const buttons = conflicts && !force ? ["Show Log", "Take Over Fields…"] : ["Show Log"];
  const failed = summary.objects.filter((o) => o.outcome === "failed").map((o) => `${o.ref}: ${o.reason ?? "failed"}`);
  const show = summary.cancelled ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(`${headline(summary)}${failed.length ? ` — ${failed.join("; ")}` : ""}`, ...buttons).then(async (choice) => {
    if (choice === "Show Log") ctx.log.show();
    if (choice === "Take Over Fields…") await run(ctx, shown, true);
  });
  return summary;
}

export function applyBonds(ctx: HarmonyContext, shownDiffs: ShownBondDiffs) {
  // From the editor title VS Code passes the diff's resource; from the palette, nothing.
  return async (resource?: unknown): Promise<DeploySummary | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage("Applying bonds is off in untrusted workspaces: trust this workspace to apply.");
      return undefined;
    }
    const shown = (resource instanceof vscode.Uri ? shownDiffs.forUri(resource) : undefined) ?? shownDiffs.current();
    if (!shown) {
      void vscode.window.showInformationMessage("Show a bond diff first (Harmony: Show Bond Diff): Apply Bonds applies what it shows.");
      return undefined;
    }
    const { report } = shown;
    if (shown.desiredErrors.length) {
      const why = shown.desiredErrors.map((p) => `${p.code ? `${p.code} ` : ""}${p.message}`).join("; ");
      void vscode.window.showErrorMessage(`The bonds of ${report.deployment} cannot be applied until the topology is fixed: ${why}`);
      return undefined;
    }
    if (shown.policies.length === 0) {
      void vscode.window.showInformationMessage(`Nothing to apply: every host's bond in ${report.deployment} is as desired.`);
      return undefined;
    }
    return run(ctx, shown, false);
  };
}
