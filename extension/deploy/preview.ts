import * as vscode from "vscode";
import type { HarmonyContext } from "../context";
import { kubeEngine } from "../kube";
import { planUri, type PlanDocuments } from "./documents";
import { pickPlan, type DeployArgs } from "./pick";
import { showPlanOnCanvas } from "./planOnCanvas";
import { isHostPlan, planTargets, type Plan } from "../../engine/deploy/plan";
import { config } from "../config";
import { abortOn } from "../cancel";
import { readLivePrimary } from "./live-primary";

export const PREVIEW_PLAN = "harmony.previewPlan";

/**
 * Harmony: Preview Deployment Plan — the plan as a read-only YAML document, and coloured on the
 * designer when one is open for the file (compared with the cluster or the hosts then, when they can be reached).
 */
export function previewPlan(ctx: HarmonyContext, documents: PlanDocuments) {
  return async (...args: DeployArgs): Promise<vscode.TextEditor | undefined> => {
    const picked = await pickPlan(ctx, args, "Preview Deployment Plan");
    if (!picked) return undefined;
    const uri = planUri(picked.file.uri, picked.plan.deployment);
    const yaml = kubeEngine().planToYaml(picked.plan);
    documents.set(uri, yaml);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== "yaml") doc = await vscode.languages.setTextDocumentLanguage(doc, "yaml").then((d) => d, () => doc);
    // Beside a designer of the file, so the canvas stays in view while it is coloured.
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const besideDesigner = tab instanceof vscode.TabInputCustom && tab.uri.toString() === picked.file.uri.toString();
    const editor = await vscode.window.showTextDocument(doc, { preview: true, viewColumn: besideDesigner ? vscode.ViewColumn.Beside : undefined });
    void showPlanOnCanvas(ctx, picked.plan, picked.file).catch((e: unknown) => ctx.log.warn(`plan preview: ${e instanceof Error ? e.message : String(e)}`));
    // A failover PostgreSQL: the live sides say whether a deploy would switch over first.
    if (!isHostPlan(picked.plan) && kubeEngine().postgresSides(picked.plan).length && vscode.workspace.isTrusted) {
      const header = await liveHeader(ctx, picked.file.uri, picked.plan).catch((e: unknown) => `# The live sides could not be read: ${e instanceof Error ? e.message : String(e)}\n`);
      // Under the plan's own heading, above its steps.
      const at = Math.max(0, yaml.search(/^[^#]/m));
      if (header) documents.set(uri, yaml.slice(0, at) + header + yaml.slice(at));
    }
    return editor;
  };
}

/** The live sides and the switchover a deploy would run first, as comment lines; undefined when cancelled. */
async function liveHeader(ctx: HarmonyContext, file: vscode.Uri, plan: Plan): Promise<string | undefined> {
  const { openKube, switchoverPreview } = kubeEngine();
  const opened = await openKube(config.kubeconfig, planTargets(plan).map((t) => t.context), { limits: config.kubeLimits });
  if (!opened.ok) return `# The live sides were not read: ${opened.error}\n`;
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Reading the live PostgreSQL sides of ${plan.deployment}`, cancellable: true },
      async (_p, token) => {
        const cancel = abortOn(token);
        try {
          const read = await readLivePrimary(ctx, file, plan, opened.kube, { signal: cancel.signal });
          return read && !cancel.signal.aborted ? switchoverPreview(read, read.at) : undefined;
        } finally {
          cancel.dispose();
        }
      },
    );
  } finally {
    opened.kube.close();
  }
}
