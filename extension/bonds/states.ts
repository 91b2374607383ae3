// Where the current state of the hosts comes from: the cluster's NodeNetworkStates, or YAML files
// of them (`kubectl get nns -o yaml`) when there is no cluster at hand.
import * as vscode from "vscode";
import type { NodeNetworkState } from "../../shared/model";
import type { ClusterSource } from "../../engine/bonds/cluster";
import type { NodeAddresses } from "../../engine/bonds/lockout";
import { kubeEngine } from "../kube";
import { config } from "../config";
import { abortOn } from "../cancel";

export type CurrentStates =
  | {
      ok: true;
      states: NodeNetworkState[];
      /** Where they came from, for messages. */
      from: string;
      /** From a cluster: the Nodes' InternalIPs, for the lockout check; else why not, in `notes`. */
      nodes?: NodeAddresses[];
      notes?: string[];
    }
  | { ok: false; error: string }
  | { ok: false; cancelled: true };

/** A cluster the kubeconfig can reach, as far as can be told without asking it. */
export interface ClusterTarget {
  source: ClusterSource;
  context: string;
  server: string;
}

/** The cluster to read, or why there is none (no kubeconfig, unknown context…); never throws. */
export async function clusterTarget(context: string | undefined): Promise<{ ok: true; target: ClusterTarget } | { ok: false; reason: string }> {
  if (!vscode.workspace.isTrusted) return { ok: false, reason: "reading clusters is off in untrusted workspaces" };
  const source: ClusterSource = { kubeconfig: config.kubeconfig, context, limits: config.kubeLimits };
  const found = await kubeEngine().clusterOf(source);
  if (!found.ok) return { ok: false, reason: found.error };
  return { ok: true, target: { source, context: found.context, server: found.server } };
}

function cancelled(token: vscode.CancellationToken): Promise<{ ok: false; cancelled: true }> {
  return new Promise((resolve) => {
    if (token.isCancellationRequested) resolve({ ok: false, cancelled: true });
    token.onCancellationRequested(() => resolve({ ok: false, cancelled: true }));
  });
}

/** Lists the cluster's NodeNetworkStates; cancelling aborts the request in flight. */
export async function readClusterStates(target: ClusterTarget, token: vscode.CancellationToken): Promise<CurrentStates> {
  if (!vscode.workspace.isTrusted) return { ok: false, error: "Reading clusters is off in untrusted workspaces: trust this workspace to read it." };
  const cancel = abortOn(token);
  try {
    const read = kubeEngine().fetchNodeNetworkStates({ ...target.source, signal: cancel.signal }).then(
      (r): CurrentStates => (r.ok ? { ok: true, states: r.states, nodes: r.nodes, notes: r.notes, from: `context ${target.context}` } : r),
    );
    return await Promise.race([read, cancelled(token)]);
  } finally {
    cancel.dispose();
  }
}

/** Reads NodeNetworkStates from YAML files; the first unreadable or malformed file is the error. */
export async function readStateFiles(files: readonly vscode.Uri[], token: vscode.CancellationToken): Promise<CurrentStates> {
  const states: NodeNetworkState[] = [];
  for (const file of files) {
    if (token.isCancellationRequested) return { ok: false, cancelled: true };
    const name = vscode.workspace.asRelativePath(file);
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    } catch (e) {
      return { ok: false, error: `cannot read ${name}: ${e instanceof Error ? e.message : String(e)}` };
    }
    const read = kubeEngine().readNodeNetworkStates(text, name);
    if (!read.ok) return read;
    states.push(...read.states);
  }
  return { ok: true, states, from: files.map((f) => vscode.workspace.asRelativePath(f)).join(", ") };
}

/** Asks for NodeNetworkState files, starting in the workspace's `nns/` folder when it has one. */
export async function pickStateFiles(topologyFile: vscode.Uri, why?: string): Promise<vscode.Uri[] | undefined> {
  const folder = vscode.workspace.getWorkspaceFolder(topologyFile)?.uri ?? vscode.Uri.joinPath(topologyFile, "..");
  const nns = vscode.Uri.joinPath(folder, "nns");
  let defaultUri = folder;
  try {
    if ((await vscode.workspace.fs.stat(nns)).type & vscode.FileType.Directory) defaultUri = nns;
  } catch {
    // No nns/ folder: start at the workspace folder.
  }
  return vscode.window.showOpenDialog({
    title: why ? `NodeNetworkState files (${why})` : "NodeNetworkState files",
    openLabel: "Compare",
    canSelectMany: true,
    defaultUri,
    filters: { "NodeNetworkState YAML": ["yaml", "yml"], "All files": ["*"] },
  });
}
