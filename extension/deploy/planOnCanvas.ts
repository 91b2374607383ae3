import * as vscode from "vscode";
import { isHostPlan, planTargets, type DeployPlan, type HostPlan, type Plan } from "../../engine/deploy/plan";
import { planPreview, type ComparedObject } from "../../shared/diagram/planMarks";
import type { PlanPreview } from "../../shared/protocol/webview";
import { kubeEngine } from "../kube";
import { dockerEngine } from "../docker";
import { config } from "../config";
import type { HarmonyContext } from "../context";
import type { TopologyFile } from "../language/models";
import { abortOn } from "../cancel";

const SHOW = "harmony.designer.planPreview";

type Compare = (signal: AbortSignal) => Promise<readonly ComparedObject[]>;

/**
 * Colours the plan on the designers open for its file: the offline plan at once, then the what-if
 * against the live cluster or hosts when they can be reached. With no designer open, nothing is read.
 */
export async function showPlanOnCanvas(ctx: HarmonyContext, plan: DeployPlan, file: TopologyFile): Promise<PlanPreview | undefined> {
  const on = isHostPlan(plan) ? "hosts" : "cluster";
  const uri = file.uri.toString();
  const planned = plan.steps.filter((s) => s.action !== "wait").reduce((n, s) => n + s.objects.length, 0);
  const show = async (objects?: readonly ComparedObject[], note?: string) => {
    const preview = planPreview(file.model, plan.deployment, { objects, planned, note, on });
    const open = preview ? await vscode.commands.executeCommand<number>(SHOW, uri, preview) : 0;
    return open ? preview : undefined;
  };
  const offline = (note: string) => show(undefined, note);
  const where = on === "hosts" ? "the hosts" : "the cluster";
  if (!(await offline(`comparing with ${where}…`))) return undefined;
  if (!vscode.workspace.isTrusted) return offline(`the workspace is not trusted, so ${where} ${on === "hosts" ? "are" : "is"} not read`);

  const opened = isHostPlan(plan) ? hostComparison(plan) : await clusterComparison(plan);
  if (!opened.ok) return offline(`${where} could not be reached: ${opened.error}`);
  try {
    const entries = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Comparing ${plan.deployment} with ${where}`, cancellable: true },
      async (_p, token) => {
        const cancel = abortOn(token);
        try {
          return await opened.compare(cancel.signal);
        } finally {
          cancel.dispose();
        }
      },
    );
    return show(entries);
  } catch (e) {
    const why = (e as Error)?.name === "AbortError" ? "the comparison was cancelled" : `${where} could not be compared: ${e instanceof Error ? e.message : String(e)}`;
    ctx.log.warn(`plan preview ${plan.deployment}: ${why}`);
    return offline(why);
  } finally {
    opened.close?.();
  }
}

type Comparison = { ok: true; compare: Compare; close?: () => void } | { ok: false; error: string };

async function clusterComparison(plan: Plan): Promise<Comparison> {
  const { openKube, whatIf } = kubeEngine();
  const opened = await openKube(config.kubeconfig, planTargets(plan).map((t) => t.context), { limits: config.kubeLimits });
  if (!opened.ok) return { ok: false, error: opened.error };
  return { ok: true, compare: (signal) => whatIf(plan, { kube: opened.kube, signal }), close: () => opened.kube.close() };
}

/** The containers inspected on their hosts. A host key not yet trusted is refused, not asked about: a preview does not pop up a modal. */
function hostComparison(plan: HostPlan): Comparison {
  return { ok: true, compare: (signal) => dockerEngine().hostWhatIf(plan, { signal, knownHostsFile: config.knownHostsFile }) };
}
