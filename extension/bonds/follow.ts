// After Apply Bonds: follows nmstate on each node until it settles, with progress; cancelling
// stops the following, never the apply. The summary names each node's outcome.
import * as vscode from "vscode";
import { followTargets } from "../../engine/bonds/apply-plan";
import type { FollowResult } from "../../engine/bonds/follow";
import type { ContextClient } from "../../engine/deploy/kube";
import { config } from "../config";
import type { HarmonyContext } from "../context";
import { kubeEngine } from "../kube";
import { SHOW_BOND_DIFF } from "./show";
import type { ShownBondDiff } from "./shown";
import { abortOn } from "../cancel";

export async function followApply(ctx: HarmonyContext, shown: ShownBondDiff, client: ContextClient, context: string): Promise<FollowResult | undefined> {
  const { report } = shown;
  const targets = followTargets(report, shown.policies);
  const engine = kubeEngine();
  let result: FollowResult;
  try {
    result = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `nmstate is configuring ${targets.length} node(s) for ${report.deployment} on ${context}`,
        cancellable: true,
      },
      async (progress, token) => {
        const cancel = abortOn(token);
        try {
          return await engine.followBondApply(client, targets, {
            signal: cancel.signal,
            timeoutMs: config.bondFollowTimeoutMs,
            onChange: (n) => {
              const line = `${n.host} (node ${n.node}): ${n.state}${n.message ? ` — ${n.message}` : ""}`;
              ctx.log.info(`bonds ${report.deployment}: ${line}`);
              progress.report({ message: line });
            },
          });
        } finally {
          cancel.dispose();
        }
      },
    );
  } catch (e) {
    const message = e instanceof Error ? e.message.split("\n")[0] : String(e);
    ctx.log.error(`bonds ${report.deployment}: cannot follow the apply: ${message}`);
    void vscode.window.showErrorMessage(`The bonds of ${report.deployment} were applied, but following nmstate failed: ${message}`, "Show Log").then((c) => c && ctx.log.show());
    return undefined;
  }
  const text = engine.formatFollow(result);
  const [head, ...lines] = text.split("\n");
  for (const line of text.split("\n")) (result.ok ? ctx.log.info : ctx.log.warn).call(ctx.log, `bonds ${report.deployment}: ${line.trim()}`);
  const show = result.ok ? vscode.window.showInformationMessage : result.cancelled || result.timedOut ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
  void show(`${report.deployment}: ${head.replace(/:$/, "")}. ${lines.map((l) => l.trim()).join("; ")}`, "Show Bond Diff Again", "Show Log").then((choice) => {
    if (choice === "Show Log") ctx.log.show();
    if (choice === "Show Bond Diff Again") void vscode.commands.executeCommand(SHOW_BOND_DIFF, shown.file, report.deployment);
  });
  return result;
}
