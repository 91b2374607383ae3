// The part of VS Code's built-in Git extension API (`vscode.git`, API version 1) that Compare
// Diagram with… uses: find the repository of a file, list its refs, read a file at a ref.
import * as vscode from "vscode";

export interface GitRef {
  /** 0 a local branch, 1 a remote branch, 2 a tag. */
  type: 0 | 1 | 2;
  name?: string;
  commit?: string;
}

export interface GitRepository {
  rootUri: vscode.Uri;
  state: { HEAD?: { name?: string; commit?: string }; refs?: GitRef[] };
  show(ref: string, path: string): Promise<string>;
  getRefs?(query?: { sort?: "alphabetically" | "committerdate"; count?: number }): Promise<GitRef[]>;
}

interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}

/** The repository holding `file`, or a message saying why there is none. */
export async function repositoryOf(file: vscode.Uri): Promise<GitRepository | string> {
  const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi; enabled?: boolean }>("vscode.git");
  if (!extension) return "VS Code's Git extension is not installed or is disabled";
  const exports = extension.isActive ? extension.exports : await extension.activate();
  if (exports.enabled === false) return "Git is turned off (setting git.enabled)";
  const api = exports.getAPI(1);
  const repo = api.getRepository(file) ?? (await api.openRepository?.(vscode.Uri.joinPath(file, "..")));
  return repo ?? `${vscode.workspace.asRelativePath(file)} is not in a git repository`;
}

/** Branches and tags to offer, most recently committed first where Git can say. */
export async function refsOf(repo: GitRepository): Promise<GitRef[]> {
  try {
    if (repo.getRefs) return await repo.getRefs({ sort: "committerdate", count: 50 });
  } catch {
    // An older Git extension: the refs it keeps in its state.
  }
  return repo.state.refs ?? [];
}
