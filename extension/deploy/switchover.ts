// Harmony: Switch Over… — makes another side of a failover or multisite PostgreSQL the primary in
// the topology file (the language server plans the edit, one "make primary" op per group on the way
// to that side), then offers the deploy, which runs the controlled switchover against the live clusters.
import * as vscode from "vscode";
import { PlanOpRequest } from "../../shared/protocol/lsp";
import type { Topology, TopologyModel } from "../../shared/model";
import type { DesignerOp } from "../../shared/protocol/webview";
import { modelWithPrimary } from "../../engine/deploy/switchover-target";
import { isHostPlan } from "../../engine/deploy/plan";
import type { HarmonyContext } from "../context";
import { DEPLOY, type DeployOptions } from "./deploy";
import type { DeploySummary } from "../../engine/deploy/summary";
import { pickPlan, type DeployArgs } from "./pick";

export const SWITCH_OVER = "harmony.switchOver";

/** The leaves of a failover or multisite tree, the primary leaf first. */
function leaves(model: TopologyModel, t: Topology | undefined): Topology[] {
  if (!t) return [];
  const parts = t.kind === "failover" ? [t.primary, t.replica] : t.kind === "multisite" ? (t.sites ?? []) : undefined;
  if (!parts) return [t];
  const byId = (id?: string) => model.topologies.find((x) => x.id === id);
  return parts.flatMap((id) => leaves(model, byId(id)));
}

/** The canvas op that gives a group of `model` the primary it has in `target`, if it changes. */
function primaryOp(before: Topology, after: Topology): DesignerOp | undefined {
  if (after.kind === "failover") return after.primary !== before.primary ? { kind: "makePrimary", failoverId: after.id, topologyId: after.primary! } : undefined;
  if (after.kind !== "multisite") return undefined;
  const from = (before.sites ?? []).indexOf(after.sites?.[0] ?? "");
  return from > 0 ? { kind: "moveSite", multisiteId: after.id, from, to: 0 } : undefined;
}

/** Given by a caller that already knows the answers (as the CLI's `--to` and `--yes`); the palette passes none. */
export interface SwitchOverOptions {
  /** The site to make primary, instead of asking. */
  to?: string;
  /** Deploy right after the edit, the switchover confirmed. */
  confirmed?: boolean;
}

/** The deploy's summary when the switchover was deployed; true when only the file was edited. */
export type SwitchOverResult = DeploySummary | boolean | undefined;

export function switchOverCommand(ctx: HarmonyContext) {
  return async (...args: [...DeployArgs, SwitchOverOptions?]): Promise<SwitchOverResult> => {
    const options = args[2] ?? {};
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage("Switching over is off in untrusted workspaces: trust this workspace to deploy.");
      return false;
    }
    const picked = await pickPlan(ctx, [args[0], args[1]], "Switch Over");
    if (!picked) return false;
    const { model } = picked.file;
    const deployment = model.deployments.find((d) => (d.constName ?? d.id) === picked.plan.deployment);
    const root = model.topologies.find((t) => t.id === deployment?.topology);
    const sides = leaves(model, root);
    if ((root?.kind !== "failover" && root?.kind !== "multisite") || isHostPlan(picked.plan) || picked.plan.steps.every((s) => !s.site)) {
      void vscode.window.showErrorMessage(`${picked.plan.deployment} is not PostgreSQL on a failover or a multisite: it has no primary to switch.`);
      return false;
    }
    const [current, ...others] = sides;
    const items = others.map((t) => ({ label: t.name, description: `now a replica; current primary ${current.name}`, topology: t }));
    const choice = options.to
      ? items.find((i) => i.label === options.to)
      : await vscode.window.showQuickPick(items, { title: `Switch Over ${picked.plan.deployment}: the new primary`, placeHolder: `Current primary: ${current.name}` });
    if (!choice) {
      if (options.to) void vscode.window.showErrorMessage(`"${options.to}" is not a replica side of ${root.name}; its replicas: ${others.map((t) => t.name).join(", ")}`);
      return false;
    }
    const target = modelWithPrimary(model, picked.plan.deployment, choice.topology.name);
    if (!target.ok) {
      void vscode.window.showErrorMessage(target.error);
      return false;
    }
    // One op per group whose primary changes, each planned against the document as the last left it.
    const ops = target.model.topologies.flatMap((t, i) => primaryOp(model.topologies[i], t) ?? []);
    const document = await vscode.workspace.openTextDocument(picked.file.uri);
    const client = await ctx.languageClient;
    for (const op of ops) {
      const result = await client.sendRequest(PlanOpRequest, { uri: document.uri.toString(), baseVersion: document.version, op });
      if (!result.ok || result.version !== document.version) {
        void vscode.window.showErrorMessage(`Could not make ${choice.topology.name} the primary: ${result.ok ? "the file changed meanwhile; try again" : result.message}`);
        return false;
      }
      const edit = new vscode.WorkspaceEdit();
      for (const e of result.edits) {
        edit.replace(document.uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
      }
      if (!(await vscode.workspace.applyEdit(edit))) return false;
    }
    ctx.log.info(`switch over ${picked.plan.deployment}: the file now names ${choice.topology.name} primary (was ${current.name})`);
    const deploy = options.confirmed
      ? "Deploy"
      : await vscode.window.showInformationMessage(
          `${picked.file.uri.path.split("/").pop()} now names ${choice.topology.name} primary (was ${current.name}). Deploy to switch the live clusters over?`,
          "Deploy",
        );
    if (deploy !== "Deploy") return true;
    await document.save();
    const deployOptions: DeployOptions = { switchoverConfirmed: options.confirmed };
    return vscode.commands.executeCommand<DeploySummary | undefined>(DEPLOY, document.uri.toString(), picked.plan.deployment, deployOptions);
  };
}
