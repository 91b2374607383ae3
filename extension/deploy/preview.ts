import * as vscode from "vscode";
import type { HarmonyContext } from "../context";
import { kubeEngine } from "../kube";
import { planUri, type PlanDocuments } from "./documents";
import { pickPlan, type DeployArgs } from "./pick";
import { showPlanOnCanvas } from "./planOnCanvas";

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
    documents.set(uri, kubeEngine().planToYaml(picked.plan));
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== "yaml") doc = await vscode.languages.setTextDocumentLanguage(doc, "yaml").then((d) => d, () => doc);
    // Beside a designer of the file, so the canvas stays in view while it is coloured.
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const besideDesigner = tab instanceof vscode.TabInputCustom && tab.uri.toString() === picked.file.uri.toString();
    const editor = await vscode.window.showTextDocument(doc, { preview: true, viewColumn: besideDesigner ? vscode.ViewColumn.Beside : undefined });
    void showPlanOnCanvas(ctx, picked.plan, picked.file).catch((e: unknown) => ctx.log.warn(`plan preview: ${e instanceof Error ? e.message : String(e)}`));
    return editor;
  };
}
