// Harmony: Apply Bonds — creates the NodeNetworkConfigurationPolicies of a shown bond diff's
// changed hosts on the cluster, after a modal confirmation naming the context and the hosts.
import * as vscode from "vscode";
import { applyBondPolicies } from "../../engine/bonds/apply";
import type { HarmonyContext } from "../context";
import { SHOW_BOND_DIFF } from "./show";
import type { ShownBondDiffs } from "./shown";
import { clusterTarget } from "./states";

export const APPLY_BONDS = "harmony.applyBonds";

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function applyBonds(ctx: HarmonyContext, shownDiffs: ShownBondDiffs) {
  // From the editor title VS Code passes the diff's resource; from the palette, nothing.
  return async (resource?: unknown): Promise<void> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage("Applying bonds changes a cluster; trust this workspace first.");
      return;
    }
    const shown = (resource instanceof vscode.Uri ? shownDiffs.forUri(resource) : undefined) ?? shownDiffs.current();
    if (!shown) {
      void vscode.window.showInformationMessage("Show a bond diff first (Harmony: Show Bond Diff); Apply applies what it shows.");
      return;
    }
    const { report } = shown;
    if (shown.desiredErrors.length) {
      const why = shown.desiredErrors.map((p) => `${p.code ? `${p.code} ` : ""}${p.message}`).join("; ");
      void vscode.window.showErrorMessage(`The bonds of ${report.deployment} cannot be applied until the topology is fixed: ${why}`);
      return;
    }
    if (shown.policies.length === 0) {
      void vscode.window.showInformationMessage(`Nothing to apply: every host's bond in ${report.deployment} is as desired.`);
      return;
    }
    const cluster = await clusterTarget(report.context);
    if (!cluster.ok) {
      void vscode.window.showErrorMessage(`Cannot apply the bonds of ${report.deployment}: ${cluster.reason}.`);
      return;
    }
    const { target } = cluster;
    const changed = report.hosts.filter((h) => h.changed);
    const unchanged = report.hosts.filter((h) => !h.changed).map((h) => h.host);
    const lines = shown.policies.map((p) => {
      const node = p.spec.nodeSelector?.["kubernetes.io/hostname"];
      const host = changed.find((h) => h.node === node)?.host ?? node;
      return `• ${host} (node ${node}): ${p.metadata.name}`;
    });
    const detail = [
      `NodeNetworkConfigurationPolicies to server-side apply on ${target.server}:`,
      ...lines,
      unchanged.length ? `Left alone (unchanged): ${unchanged.join(", ")}.` : "",
      `Current state was read from ${shown.from}.`,
      "nmstate reconfigures these hosts' networks; a wrong bond can cut a host off.",
    ]
      .filter(Boolean)
      .join("\n");
    const hosts = changed.map((h) => h.host).join(", ");
    const confirm = await vscode.window.showWarningMessage(
      `Apply the bonds of ${report.deployment} to ${hosts} on context ${target.context}?`,
      { modal: true, detail },
      "Apply",
    );
    if (confirm !== "Apply") return;

    ctx.log.info(`bonds ${report.deployment}: applying ${plural(shown.policies.length, "policy", "policies")} on context ${target.context}`);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Applying the bonds of ${report.deployment} on ${target.context}…` },
      () => applyBondPolicies(shown.policies, target.source),
    );
    for (const p of result.policies) {
      const line = `bonds ${report.deployment}: ${p.name} (node ${p.node}) ${p.outcome}${p.error ? `: ${p.error}` : ""}`;
      if (p.outcome === "failed") ctx.log.error(line);
      else ctx.log.info(line);
    }
    if (!result.ok) {
      ctx.log.error(`bonds ${report.deployment}: ${result.error}`);
      const done = result.policies.filter((p) => p.outcome !== "failed").length;
      void vscode.window
        .showErrorMessage(
          `Applying the bonds of ${report.deployment} failed${done ? ` (${done} of ${shown.policies.length} applied)` : ""}: ${result.error}`,
          "Show Log",
        )
        .then((c) => c && ctx.log.show());
      return;
    }
    const summary = result.policies.map((p) => `${p.name} ${p.outcome}`).join(", ");
    const again = await vscode.window.showInformationMessage(
      `Applied ${plural(result.policies.length, "NodeNetworkConfigurationPolicy", "NodeNetworkConfigurationPolicies")} on ${result.context}: ${summary}. nmstate now reconfigures the hosts.`,
      "Show Bond Diff Again",
    );
    if (again) await vscode.commands.executeCommand(SHOW_BOND_DIFF, shown.file, report.deployment);
  };
}
