import * as vscode from "vscode";
import type { HarmonyContext } from "../context";
import { kubeEngine } from "../kube";
import { planUri, type PlanDocuments } from "./documents";
import { pickPlan, type DeployArgs } from "./pick";

export const PREVIEW_PLAN = "harmony.previewPlan";

/** Harmony: Preview Deployment Plan — the plan as a read-only YAML document. Offline. */
export function previewPlan(ctx: HarmonyContext, documents: PlanDocuments) {
  return async (...args: DeployArgs): Promise<vscode.TextEditor | undefined> => {
    const picked = await pickPlan(ctx, args, "Preview Deployment Plan");
    if (!picked) return undefined;
    const uri = planUri(picked.file.uri, picked.plan.deployment);
    documents.set(uri, kubeEngine().planToYaml(picked.plan));
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== "yaml") doc = await vscode.languages.setTextDocumentLanguage(doc, "yaml").then((d) => d, () => doc);
    return vscode.window.showTextDocument(doc, { preview: true });
  };
}
