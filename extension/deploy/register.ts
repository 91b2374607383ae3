import * as vscode from "vscode";
import type { HarmonyContext } from "../context";
import { DEPLOY, deployCommand } from "./deploy";
import { PLAN_SCHEME, PlanDocuments } from "./documents";
import { PREVIEW_PLAN, previewPlan } from "./preview";
import { SWITCH_OVER, switchOverCommand } from "./switchover";
import { WHAT_IF, whatIfCommand } from "./whatif";

/** Deploying from VS Code: Deploy…, Preview Deployment Plan, What-if, and their read-only documents. */
export function registerDeploy(ctx: HarmonyContext): void {
  const documents = ctx.own(new PlanDocuments());
  ctx.own(vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, documents));
  ctx.registerCommand(DEPLOY, deployCommand(ctx));
  ctx.registerCommand(PREVIEW_PLAN, previewPlan(ctx, documents));
  ctx.registerCommand(WHAT_IF, whatIfCommand(ctx, documents));
  ctx.registerCommand(SWITCH_OVER, switchOverCommand(ctx));
}
