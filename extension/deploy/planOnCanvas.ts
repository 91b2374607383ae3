import * as vscode from "vscode";
import { planTargets, type Plan } from "../../engine/deploy/plan";
import { planPreview, type ComparedObject } from "../../shared/diagram/planMarks";
import type { PlanPreview } from "../../shared/protocol/webview";
import { kubeEngine } from "../kube";
import { config } from "../config";
import type { HarmonyContext } from "../context";
import type { TopologyFile } from "../language/models";
import { abortOn } from "../cancel";

const SHOW = "harmony.designer.planPreview";

/**
 * Colours the plan on the designers open for its file: the offline plan at once, then the what-if
 * against the live cluster when it can be reached. With no designer open, nothing is read.
 */
export async function showPlanOnCanvas(ctx: HarmonyContext, plan: Plan, file: TopologyFile): Promise<PlanPreview | undefined> {
  const uri = file.uri.toString();
  const planned = plan.steps.filter((s) => s.action !== "wait").reduce((n, s) => n + s.objects.length, 0);
  const show = async (objects?: readonly ComparedObject[], note?: string) => {
    const preview = planPreview(file.model, plan.deployment, { objects, planned, note });
    const open = preview ? await vscode.commands.executeCommand<number>(SHOW, uri, preview) : 0;
    return open ? preview : undefined;
  };
  const offline = (note: string) => show(undefined, note);
  if (!(await offline("comparing with the live cluster…"))) return undefined;
  if (!vscode.workspace.isTrusted) return offline("the workspace is not trusted, so the cluster is not read");

  const { openKube, whatIf } = kubeEngine();
  const opened = await openKube(config.kubeconfig, planTargets(plan).map((t) => t.context), { limits: config.kubeLimits });
  if (!opened.ok) return offline(`the cluster could not be reached: ${opened.error}`);
  try {
    const entries = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Comparing ${plan.deployment} with the cluster`, cancellable: true },
      async (_p, token) => {
        const cancel = abortOn(token);
        try {
          return await whatIf(plan, { kube: opened.kube, signal: cancel.signal });
        } finally {
          cancel.dispose();
        }
      },
    );
    return show(entries);
  } catch (e) {
    const why = (e as Error)?.name === "AbortError" ? "the comparison was cancelled" : `the cluster could not be compared: ${e instanceof Error ? e.message : String(e)}`;
    ctx.log.warn(`plan preview ${plan.deployment}: ${why}`);
    return offline(why);
  } finally {
    opened.kube.close();
  }
}
