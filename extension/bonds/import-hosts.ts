// Harmony: Import Hosts from Cluster — reads the okdCluster's NodeNetworkStates and writes each
// node's physical NICs into its `hosts`. The language server plans the edit (as for a canvas op),
// the user sees it as a diff, and only then is it applied, as one undoable edit.
import * as vscode from "vscode";
import { hostsFromStates } from "../../engine/bonds/inventory";
import type { Topology } from "../../shared/model";
import { PlanOpRequest, type PlanOpResult, type RangeEdit } from "../../shared/protocol/lsp";
import { ServerUnavailable, type HarmonyContext } from "../context";
import { fileModel } from "../language/models";
import { BONDS_SCHEME, type BondDocuments } from "./documents";
import { clusterTarget, readClusterStates } from "./states";

export const IMPORT_HOSTS = "harmony.importHosts";

/** Lets callers (tests, scripts) skip the confirmation. */
export interface ImportHostsOptions {
  /** Write without asking (the diff is still shown). */
  write?: boolean;
}

export interface ImportHostsResult {
  topology: string;
  /** Host names read from the cluster. */
  hosts: string[];
  /** Whether the file changed. */
  written: boolean;
}

function asUri(v: unknown): vscode.Uri | undefined {
  if (v instanceof vscode.Uri) return v;
  if (typeof v === "string" && v) return /^[a-z][\w+.-]*:/i.test(v) ? vscode.Uri.parse(v) : vscode.Uri.file(v);
  return undefined;
}

async function pickCluster(clusters: Topology[], given: unknown): Promise<Topology | undefined> {
  if (typeof given === "string" && given) return clusters.find((t) => t.id === given || t.constName === given || t.name === given);
  if (clusters.length <= 1) return clusters[0];
  const picked = await vscode.window.showQuickPick(
    clusters.map((t) => ({ label: t.constName ?? t.id, description: t.name, topology: t })),
    { title: "Import Hosts from Cluster", placeHolder: "The okdCluster to write the hosts into" },
  );
  return picked?.topology;
}

function applyRangeEdits(doc: vscode.TextDocument, edits: readonly RangeEdit[]): string {
  let text = doc.getText();
  const byOffset = edits
    .map((e) => ({ start: doc.offsetAt(new vscode.Position(e.range.start.line, e.range.start.character)), end: doc.offsetAt(new vscode.Position(e.range.end.line, e.range.end.character)), newText: e.newText }))
    .sort((a, b) => b.start - a.start);
  for (const e of byOffset) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

export function importHosts(ctx: HarmonyContext, documents: BondDocuments) {
  return async (fileArg?: unknown, topologyArg?: unknown, options: ImportHostsOptions = {}): Promise<ImportHostsResult | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showErrorMessage("Importing hosts reads a cluster, which is off in untrusted workspaces: trust this workspace to import.");
      return undefined;
    }
    const active = vscode.window.activeTextEditor?.document;
    const uri = asUri(fileArg) ?? (active?.languageId === "harmony-topology" ? active.uri : undefined);
    if (!uri) {
      void vscode.window.showInformationMessage("Open a topology file with an okdCluster first: Import Hosts from Cluster writes into it.");
      return undefined;
    }
    const file = await fileModel(ctx, uri, "import-hosts");
    const clusters = file.model.topologies.filter((t) => t.kind === "okdCluster" && !t.external);
    const topology = await pickCluster(clusters, topologyArg);
    if (!topology) {
      if (!clusters.length || typeof topologyArg === "string") {
        void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(uri)} has no okdCluster${typeof topologyArg === "string" ? ` "${topologyArg}"` : ""} to import hosts into.`);
      }
      return undefined;
    }
    const name = topology.constName ?? topology.id;
    const context = typeof topology.spec.context === "string" && topology.spec.context ? topology.spec.context : undefined;
    const cluster = await clusterTarget(context);
    if (!cluster.ok) {
      void vscode.window.showErrorMessage(`Cannot import the hosts of ${name}: ${cluster.reason}`);
      return undefined;
    }
    const read = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Reading NodeNetworkStates from context ${cluster.target.context}…`, cancellable: true },
      (_p, token) => readClusterStates(cluster.target, token),
    );
    if (!read.ok) {
      if ("error" in read) {
        ctx.log.error(`import hosts ${name}: ${read.error}`);
        void vscode.window.showErrorMessage(`Cannot import the hosts of ${name}: ${read.error}`);
      }
      return undefined;
    }
    const hosts = hostsFromStates(read.states);
    const result = (written: boolean): ImportHostsResult => ({ topology: name, hosts: hosts.map((h) => h.name), written });
    if (!hosts.length) {
      void vscode.window.showWarningMessage(`Context ${cluster.target.context} has no NodeNetworkState: is kubernetes-nmstate installed there?`);
      return result(false);
    }
    const summary = hosts.map((h) => `${h.name} (${h.nics.map((n) => n.name).join(", ")})`).join("; ");
    ctx.log.info(`import hosts ${name}: read from context ${cluster.target.context}: ${summary}`);

    const doc = await vscode.workspace.openTextDocument(uri);
    let plan: PlanOpResult;
    try {
      const client = await ctx.languageClient;
      plan = await client.sendRequest(PlanOpRequest, { uri: doc.uri.toString(), baseVersion: doc.version, op: { kind: "importHosts", topologyId: topology.id, hosts } });
    } catch (e) {
      throw e instanceof ServerUnavailable ? e : new ServerUnavailable(`it did not plan the edit: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!plan.ok) {
      void vscode.window.showErrorMessage(`Cannot import the hosts of ${name}: ${plan.message}`);
      return undefined;
    }
    if (plan.edits.length === 0) {
      void vscode.window.showInformationMessage(`The hosts of ${name} already match the cluster: ${summary}.`);
      return result(false);
    }
    const preview = vscode.Uri.from({ scheme: BONDS_SCHEME, path: `/import-hosts/${doc.uri.path.split("/").pop()}`, query: new URLSearchParams({ file: doc.uri.toString() }).toString() });
    documents.set(preview, applyRangeEdits(doc, plan.edits));
    await vscode.commands.executeCommand("vscode.diff", doc.uri, preview, `${vscode.workspace.asRelativePath(doc.uri)} ↔ hosts from context ${cluster.target.context}`);
    if (!options.write) {
      const choice = await vscode.window.showInformationMessage(
        `Write the hosts of ${context ? `context ${cluster.target.context}` : "the cluster"} into ${name}?`,
        { modal: true, detail: `As the diff shows: ${summary}. Hosts already there are updated in place; nothing is removed.` },
        "Write Hosts",
      );
      if (choice !== "Write Hosts") return result(false);
    }
    if (doc.version !== plan.version) {
      void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(doc.uri)} changed since the hosts were planned; nothing was written. Run Import Hosts from Cluster again.`);
      return result(false);
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of plan.edits) edit.replace(doc.uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
    const written = await vscode.workspace.applyEdit(edit);
    // The preview has done its job: close its tab (only it), and show the file it went into.
    const previewTabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.toString() === preview.toString());
    await vscode.window.tabGroups.close(previewTabs);
    await vscode.window.showTextDocument(doc);
    if (written) ctx.log.info(`import hosts ${name}: wrote ${hosts.length} host(s) into ${vscode.workspace.asRelativePath(doc.uri)}`);
    return result(written);
  };
}
