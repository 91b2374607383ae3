// Harmony: Show Bond Diff — each host's bond as it is (NodeNetworkState) against as the topology
// wants it, in VS Code's diff editor: one host in a diff, several in the multi-diff editor.
import * as vscode from "vscode";
import { bondDeployments, desiredBonds } from "../../engine/bonds/desired";
import { diffBonds, type BondDiffReport } from "../../engine/bonds/diff";
import type { BondProblem } from "../../engine/bonds/problem";
import type { HarmonyContext } from "../context";
import { bondUri, type BondDocuments } from "./documents";
import type { LockoutDiagnostics } from "./lockout";
import type { ShownBondDiffs } from "./shown";
import { clusterTarget, pickStateFiles, readClusterStates, readStateFiles, type CurrentStates } from "./states";
import { fileModel, workspaceModels, type TopologyFile } from "../language/models";

export const SHOW_BOND_DIFF = "harmony.showBondDiff";

/** Lets callers (tests, scripts) skip the dialogs: the current state from these files. */
export interface ShowBondDiffOptions {
  /** NodeNetworkState YAML files (paths or URIs) to read instead of asking. */
  states?: string[];
  /** Where to read the current state without asking: the topology's cluster, or files picked. */
  source?: "cluster" | "files";
}

/** What the command showed, for callers that want to know. */
export interface ShowBondDiffResult {
  deployment: string;
  changed: string[];
  unchanged: string[];
  /** `diff` for one changed host, `changes` for the multi-diff editor, `none` when nothing changes. */
  opened: "diff" | "changes" | "none";
}

function asUri(v: unknown): vscode.Uri | undefined {
  if (v instanceof vscode.Uri) return v;
  if (typeof v === "string" && v) return /^[a-z][\w+.-]*:/i.test(v) && !/^[a-z]:[\\/]/i.test(v) ? vscode.Uri.parse(v) : vscode.Uri.file(v);
  return undefined;
}

interface Target {
  file: TopologyFile;
  deployment: string;
}

/** The deployment to diff: the one given, else a pick among the workspace's hostBonds deployments. */
async function chooseTarget(ctx: HarmonyContext, fileArg: unknown, deploymentArg: unknown): Promise<Target | undefined> {
  const given = asUri(fileArg);
  if (given) {
    const file = await fileModel(ctx, given, "bonds");
    const candidates = bondDeployments(file.model);
    if (typeof deploymentArg === "string" && deploymentArg) return { file, deployment: deploymentArg };
    if (candidates.length === 1) return { file, deployment: candidates[0].id };
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(given)} deploys no hostBonds score.`);
      return undefined;
    }
    return pickDeployment([file]);
  }
  const files = await workspaceModels(ctx, "bonds");
  return pickDeployment(files);
}

async function pickDeployment(files: TopologyFile[]): Promise<Target | undefined> {
  const items = files.flatMap((file) =>
    bondDeployments(file.model).map((d) => {
      const topology = file.model.topologies.find((t) => t.id === d.topology);
      const score = file.model.scores.find((s) => s.id === d.score);
      return {
        label: d.constName ?? d.id,
        description: `${topology?.name ?? "?"} · ${vscode.workspace.asRelativePath(file.uri)}`,
        detail: score ? `hostBonds "${score.name}"` : undefined,
        target: { file, deployment: d.id },
      };
    }),
  );
  if (items.length === 0) {
    void vscode.window.showInformationMessage("No topology file in this workspace deploys a hostBonds score.");
    return undefined;
  }
  if (items.length === 1) return items[0].target;
  const picked = await vscode.window.showQuickPick(items, { title: "Show Bond Diff", placeHolder: "A hostBonds deployment", matchOnDescription: true });
  return picked?.target;
}

/** The current state: the given files, else the cluster when the kubeconfig names one, else files picked. */
async function readCurrentStates(file: vscode.Uri, context: string | undefined, options: ShowBondDiffOptions): Promise<CurrentStates> {
  const withProgress = (title: string, read: (token: vscode.CancellationToken) => Promise<CurrentStates>) =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) => read(token));

  if (options.states) {
    const uris = options.states.map((s) => asUri(s)!).filter(Boolean);
    return withProgress("Reading NodeNetworkState files…", (token) => readStateFiles(uris, token));
  }
  const fromFiles = async (why?: string): Promise<CurrentStates> => {
    const uris = await pickStateFiles(file, why);
    if (!uris?.length) return { ok: false, cancelled: true };
    return withProgress("Reading NodeNetworkState files…", (token) => readStateFiles(uris, token));
  };

  if (options.source === "files") return fromFiles();
  // Reading a cluster runs the kubeconfig's exec plugins and sends its credentials: not for a
  // workspace the user has not trusted. Files still work there.
  if (!vscode.workspace.isTrusted) {
    const why = "reading clusters is off in untrusted workspaces";
    if (options.source === "cluster") return { ok: false, error: `No cluster to read: ${why}; trust this workspace to read it.` };
    return fromFiles(why);
  }
  const cluster = await clusterTarget(context);
  if (!cluster.ok) {
    if (options.source === "cluster") return { ok: false, error: `No cluster to read: ${cluster.reason}` };
    return fromFiles(cluster.reason);
  }
  const { target } = cluster;
  if (!options.source) {
    const source = await vscode.window.showQuickPick(
      [
        { label: `$(cloud) Cluster: context ${target.context}`, description: target.server, files: false },
        { label: "$(file) NodeNetworkState files…", description: "kubectl get nns -o yaml", files: true },
      ],
      { title: "Show Bond Diff: current state from" },
    );
    if (!source) return { ok: false, cancelled: true };
    if (source.files) return fromFiles();
  }
  const read = await withProgress(`Reading NodeNetworkStates from context ${target.context}…`, (token) => readClusterStates(target, token));
  if (read.ok || "cancelled" in read) return read;
  const choice = await vscode.window.showErrorMessage(read.error, "Use NodeNetworkState Files…");
  return choice ? fromFiles() : { ok: false, cancelled: true };
}

function describeProblem(p: BondProblem): string {
  return `${p.code ? `${p.code} ` : ""}${p.message}`;
}

/** Logs every problem and shows the first; the rest are a click away in the Harmony log. */
function reportProblems(ctx: HarmonyContext, report: BondDiffReport): void {
  const all = [...report.problems, ...report.hosts.flatMap((h) => h.problems.map((p) => ({ ...p, host: p.host ?? h.host })))];
  for (const p of all) {
    const line = `bonds ${report.deployment}: ${p.host ? `${p.host}: ` : ""}${describeProblem(p)}`;
    if (p.severity === "error") ctx.log.error(line);
    else ctx.log.warn(line);
  }
  if (all.length === 0) return;
  const first = all[0];
  const text = `${first.host ? `${first.host}: ` : ""}${describeProblem(first)}${all.length > 1 ? ` (and ${all.length - 1} more in the Harmony log)` : ""}`;
  void vscode.window.showWarningMessage(text, "Show Log").then((c) => c && ctx.log.show());
}

export function showBondDiff(ctx: HarmonyContext, documents: BondDocuments, shown: ShownBondDiffs, lockout: LockoutDiagnostics) {
  return async (fileArg?: unknown, deploymentArg?: unknown, options: ShowBondDiffOptions = {}): Promise<ShowBondDiffResult | undefined> => {
    const target = await chooseTarget(ctx, fileArg, deploymentArg);
    if (!target) return undefined;
    const { file, deployment } = target;
    const wanted = desiredBonds(file.model, deployment);
    if (wanted.hosts.length === 0) {
      const why = wanted.problems.map(describeProblem).join("; ") || "it bonds no host";
      ctx.log.error(`bonds ${deployment}: ${why}`);
      void vscode.window.showErrorMessage(`Cannot diff the bonds of ${deployment}: ${why}`);
      return undefined;
    }

    const current = await readCurrentStates(file.uri, wanted.context, options);
    if (!current.ok) {
      if ("error" in current) {
        ctx.log.error(`bonds ${deployment}: ${current.error}`);
        void vscode.window.showErrorMessage(current.error);
      }
      return undefined;
    }
    ctx.log.info(`bonds ${wanted.deployment}: ${current.states.length} NodeNetworkState(s) from ${current.from}`);

    for (const note of current.notes ?? []) ctx.log.warn(`bonds ${wanted.deployment}: ${note}`);
    const report = diffBonds(file.model, deployment, current.states, current.nodes);
    lockout.publish(file.uri, file.model, report);
    reportProblems(ctx, report);
    const changed = report.hosts.filter((h) => h.changed);
    const unchanged = report.hosts.filter((h) => !h.changed);

    const uris: vscode.Uri[] = [];
    const sides = changed.map((h) => {
      const left = bondUri(file.uri, report.deployment, h.bond, h.host, "current");
      const right = bondUri(file.uri, report.deployment, h.bond, h.host, "desired");
      documents.set(left, h.current);
      documents.set(right, h.desired);
      uris.push(left, right);
      return { host: h, left, right };
    });
    const changedHosts = new Set(changed.map((h) => h.host));
    shown.add({
      file: file.uri,
      report,
      policies: wanted.hosts.filter((h) => changedHosts.has(h.host)).map((h) => h.policy),
      desiredErrors: wanted.problems.filter((p) => p.severity === "error"),
      from: current.from,
      uris,
    });

    let opened: ShowBondDiffResult["opened"] = "none";
    if (sides.length === 1) {
      const [{ host, left, right }] = sides;
      await vscode.commands.executeCommand("vscode.diff", left, right, `${host.host}: ${host.bond} (current ↔ desired)`);
      opened = "diff";
    } else if (sides.length > 1) {
      const title = `${report.cluster}: ${wanted.settings.bond} on ${sides.length} hosts (current ↔ desired)`;
      await vscode.commands.executeCommand("vscode.changes", title, sides.map((s) => [s.right, s.left, s.right]));
      opened = "changes";
    }

    const summary = unchanged.map((h) => `${h.host}: unchanged`);
    for (const line of summary) ctx.log.info(`bonds ${report.deployment}: ${line}`);
    for (const h of changed) ctx.log.info(`bonds ${report.deployment}: ${h.host}: ${h.bond} changes`);
    if (changed.length === 0) {
      void vscode.window.showInformationMessage(`${report.deployment}: every host's bond is as desired (${summary.join(", ")}).`);
    } else if (unchanged.length) {
      void vscode.window.showInformationMessage(summary.join(", "));
    }
    return { deployment: report.deployment, changed: changed.map((h) => h.host), unchanged: unchanged.map((h) => h.host), opened };
  };
}
