// Where the current state of the hosts comes from: the cluster's NodeNetworkStates, or YAML files
// of them (`kubectl get nns -o yaml`) when there is no cluster at hand.
import * as vscode from "vscode";
import { existsSync } from "node:fs";
import { delimiter } from "node:path";
import type { NodeNetworkState } from "../../shared/model";
import { fetchNodeNetworkStates, readNodeNetworkStates, type ClusterSource } from "../../engine/bonds";
import { config } from "../config";

export type CurrentStates =
  | { ok: true; states: NodeNetworkState[]; /** Where they came from, for messages. */ from: string }
  | { ok: false; error: string }
  | { ok: false; cancelled: true };

/** A cluster the kubeconfig can reach, as far as can be told without asking it. */
export interface ClusterTarget {
  source: ClusterSource;
  context: string;
  server: string;
}

/**
 * The kubeconfig to hand the engine: the setting or a single `KUBECONFIG` path; undefined lets the
 * client library merge a `KUBECONFIG` list itself.
 */
export function kubeconfigPath(): string | undefined {
  const path = config.kubeconfig;
  return path.includes(delimiter) ? undefined : path;
}

/** The cluster to read, or why there is none (no kubeconfig, unknown context…); never throws. */
export async function clusterTarget(context: string | undefined): Promise<{ ok: true; target: ClusterTarget } | { ok: false; reason: string }> {
  const kubeconfig = kubeconfigPath();
  if (kubeconfig && !existsSync(kubeconfig)) return { ok: false, reason: `no kubeconfig at ${kubeconfig}` };
  const k8s = await import("@kubernetes/client-node");
  const kc = new k8s.KubeConfig();
  try {
    if (kubeconfig) kc.loadFromFile(kubeconfig);
    else kc.loadFromDefault();
  } catch (e) {
    return { ok: false, reason: `cannot read kubeconfig ${kubeconfig ?? config.kubeconfig}: ${e instanceof Error ? e.message : String(e)}` };
  }
  const where = kubeconfig ?? "KUBECONFIG";
  if (context) {
    if (!kc.getContexts().some((c) => c.name === context)) {
      const names = kc.getContexts().map((c) => c.name);
      return { ok: false, reason: `context \`${context}\` not found in ${where}; contexts there: ${names.join(", ") || "none"}` };
    }
    kc.setCurrentContext(context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) return { ok: false, reason: `${where} has no current context` };
  return { ok: true, target: { source: { kubeconfig, context }, context: kc.getCurrentContext(), server: cluster.server } };
}

function cancelled(token: vscode.CancellationToken): Promise<{ ok: false; cancelled: true }> {
  return new Promise((resolve) => {
    if (token.isCancellationRequested) resolve({ ok: false, cancelled: true });
    token.onCancellationRequested(() => resolve({ ok: false, cancelled: true }));
  });
}

/** Lists the cluster's NodeNetworkStates; a cancelled read is abandoned, its answer ignored. */
export async function readClusterStates(target: ClusterTarget, token: vscode.CancellationToken): Promise<CurrentStates> {
  const read = fetchNodeNetworkStates(target.source).then(
    (r): CurrentStates => (r.ok ? { ok: true, states: r.states, from: `context ${target.context}` } : r),
  );
  return Promise.race([read, cancelled(token)]);
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
    const read = readNodeNetworkStates(text, name);
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
