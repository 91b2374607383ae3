import * as vscode from "vscode";
import type { DeployPlan } from "../../engine/deploy/plan";
import { planAnyDeployment } from "../../engine/deploy/planner";
import type { HarmonyContext } from "../context";
import { fileModel, workspaceModels, type TopologyFile } from "../language/models";

/** The CodeLens passes `(fileUri: string, deploymentName: string)`; the palette passes nothing. */
export type DeployArgs = [fileUri?: string | vscode.Uri, deploymentName?: string];

interface Picked extends vscode.QuickPickItem {
  file: TopologyFile;
  name: string;
}

/** The deployment to act on: the arguments', else one the user picks across the workspace. */
async function pickDeployment(ctx: HarmonyContext, args: DeployArgs, title: string): Promise<{ file: TopologyFile; name: string } | undefined> {
  const [fileArg, name] = args;
  if (fileArg && name) {
    const uri = typeof fileArg === "string" ? vscode.Uri.parse(fileArg) : fileArg;
    return { file: await fileModel(ctx, uri, "deploy"), name };
  }
  const files = await workspaceModels(ctx, "deploy");
  const items: Picked[] = [];
  for (const file of files) {
    for (const d of file.model.deployments) {
      const score = file.model.scores.find((s) => s.id === d.score);
      const topology = file.model.topologies.find((t) => t.id === d.topology);
      const problem = d.missing.length ? ` — cannot run: ${topology?.name} lacks ${d.missing.join(", ")}` : "";
      items.push({
        label: d.constName ?? d.id,
        description: `${score?.kind ?? "?"} ${score?.name ?? ""} on ${topology?.name ?? "?"}${problem}`,
        detail: vscode.workspace.asRelativePath(file.uri),
        file,
        name: d.constName ?? d.id,
      });
    }
  }
  if (!items.length) {
    void vscode.window.showInformationMessage("No deployments in this workspace's topology files (*.topology.ts).");
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: "Deployment", matchOnDescription: true, matchOnDetail: true });
  return picked && { file: picked.file, name: picked.name };
}

/** Picks a deployment and plans it; a deployment with no plan is reported and gives undefined. */
export async function pickPlan(ctx: HarmonyContext, args: DeployArgs, title: string): Promise<{ plan: DeployPlan; file: TopologyFile } | undefined> {
  const picked = await pickDeployment(ctx, args, title);
  if (!picked) return undefined;
  const result = planAnyDeployment(picked.file.model, picked.name, picked.file.diagnostics);
  if (!result.ok) {
    ctx.log.warn(`plan: ${result.error}`);
    void vscode.window.showErrorMessage(result.error);
    return undefined;
  }
  return { plan: result.plan, file: picked.file };
}
