// Harmony: Switch Over… — makes another side of a failover PostgreSQL the primary in the topology
// file (the language server plans the edit, one "make primary" op per failover on the way to that
// side), then offers the deploy, which runs the controlled switchover against the live clusters.
import * as vscode from "vscode";
import { PlanOpRequest } from "../../shared/protocol/lsp";
import type { Topology, TopologyModel } from "../../shared/model";
import { modelWithPrimary } from "../../engine/deploy/switchover-target";
import { isHostPlan } from "../../engine/deploy/plan";
import type { HarmonyContext } from "../context";
import { DEPLOY } from "./deploy";
import { pickPlan, type DeployArgs } from "./pick";

export const SWITCH_OVER = "harmony.switchOver";

/** The leaves of a failover tree, the primary leaf first. */
function leaves(model: TopologyModel, t: Topology | undefined): Topology[] {
  if (!t) return [];
  if (t.kind !== "failover") return [t];
  const byId = (id?: string) => model.topologies.find((x) => x.id === id);
  return [...leaves(model, byId(t.primary)), ...leaves(model, byId(t.replica))];
}

export function switchOverCommand(ctx: HarmonyContext) {
  return async (...args: DeployArgs): Promise<boolean> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage("Switching over is off in untrusted workspaces: trust this workspace to deploy.");
      return false;
    }
    const picked = await pickPlan(ctx, args, "Switch Over");
    if (!picked) return false;
    const { model } = picked.file;
    const deployment = model.deployments.find((d) => (d.constName ?? d.id) === picked.plan.deployment);
    const root = model.topologies.find((t) => t.id === deployment?.topology);
    const sides = leaves(model, root);
    if (root?.kind !== "failover" || isHostPlan(picked.plan) || picked.plan.steps.every((s) => !s.site)) {
      void vscode.window.showErrorMessage(`${picked.plan.deployment} is not PostgreSQL on a failover: it has no primary to switch.`);
      return false;
    }
    const [current, ...others] = sides;
    const choice = await vscode.window.showQuickPick(
      others.map((t) => ({ label: t.name, description: `now a replica; current primary ${current.name}`, topology: t })),
      { title: `Switch Over ${picked.plan.deployment}: the new primary`, placeHolder: `Current primary: ${current.name}` },
    );
    if (!choice) return false;
    const target = modelWithPrimary(model, picked.plan.deployment, choice.topology.name);
    if (!target.ok) {
      void vscode.window.showErrorMessage(target.error);
      return false;
    }
    // One op per failover whose sides change, each planned against the document as the last left it.
    const swapped = target.model.topologies.filter((t, i) => t.kind === "failover" && t.primary !== model.topologies[i].primary);
    const document = await vscode.workspace.openTextDocument(picked.file.uri);
    const client = await ctx.languageClient;
    for (const failover of swapped) {
      const result = await client.sendRequest(PlanOpRequest, {
        uri: document.uri.toString(),
        baseVersion: document.version,
        op: { kind: "makePrimary", failoverId: failover.id, topologyId: failover.primary! },
      });
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
    const deploy = await vscode.window.showInformationMessage(
      `${picked.file.uri.path.split("/").pop()} now names ${choice.topology.name} primary (was ${current.name}). Deploy to switch the live clusters over?`,
      "Deploy",
    );
    if (deploy === "Deploy") {
      await document.save();
      await vscode.commands.executeCommand(DEPLOY, document.uri.toString(), picked.plan.deployment);
    }
    return true;
  };
}
