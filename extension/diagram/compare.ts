import * as vscode from "vscode";
import { DiagramDiffRequest, type DiagramDiffResult } from "../../shared/protocol/lsp";
import type { HarmonyContext } from "../context";
import { refsOf, repositoryOf, type GitRepository } from "./git";
import { showDiagramDiff } from "./panel";

export const COMPARE_DIAGRAM = "harmony.compareDiagram";

/**
 * Harmony: Compare Diagram with… — the picture of a topology file's changes since a git ref (HEAD
 * unless another is picked), in a panel. Arguments, all optional: the file (a URI; a `git:` URI of
 * an SCM diff counts as its file) and the ref. Resolves to what was drawn, or undefined.
 */
export function compareDiagram(ctx: HarmonyContext) {
  return async (fileArg?: string | vscode.Uri, refArg?: string): Promise<DiagramDiffResult | undefined> => {
    const file = topologyFile(fileArg);
    if (!file) {
      void vscode.window.showInformationMessage("Open a topology file (*.topology.ts) to compare its diagram with a git revision.");
      return undefined;
    }
    const repo = await repositoryOf(file);
    if (typeof repo === "string") {
      void vscode.window.showErrorMessage(`Cannot compare the diagram: ${repo}.`);
      return undefined;
    }
    const ref = typeof refArg === "string" && refArg ? refArg : await pickRef(repo);
    if (!ref) return undefined;
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Drawing the changes since ${ref}…`, cancellable: true },
      async (_progress, token) => {
        let text = "";
        try {
          text = await repo.show(ref, file.fsPath);
        } catch (e) {
          const message = e instanceof Error ? e.message : String(e);
          // A file added since the ref: everything in it is drawn as added.
          if (!/does not exist|exists on disk, but not in/i.test(message + String((e as { stderr?: string })?.stderr ?? ""))) {
            ctx.log.warn(`compare diagram: git show ${ref}: ${message}`);
            void vscode.window.showErrorMessage(`Git could not read ${vscode.workspace.asRelativePath(file)} at ${ref}. See Harmony: Show Log.`);
            return undefined;
          }
        }
        const client = await ctx.languageClient;
        const dark = [vscode.ColorThemeKind.Dark, vscode.ColorThemeKind.HighContrast].includes(vscode.window.activeColorTheme.kind);
        const result = await client.sendRequest(DiagramDiffRequest, { uri: file.toString(), before: { text, label: ref }, theme: dark ? "dark" : "light" }, token);
        if (token.isCancellationRequested) return undefined;
        if (!result.ok) {
          void vscode.window.showErrorMessage(`Cannot compare the diagram: ${result.message}`);
          return undefined;
        }
        showDiagramDiff(file, ref, result);
        return result;
      },
    );
  };
}

/** The topology file the command is about: its argument, else the active editor's, diff or designer. */
function topologyFile(arg: string | vscode.Uri | undefined): vscode.Uri | undefined {
  let uri = typeof arg === "string" ? vscode.Uri.parse(arg) : arg instanceof vscode.Uri ? arg : undefined;
  if (!uri) {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (input instanceof vscode.TabInputTextDiff) uri = input.modified;
    else if (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) uri = input.uri;
    else uri = vscode.window.activeTextEditor?.document.uri;
  }
  if (uri?.scheme === "git") {
    // The Git extension's URIs carry the file's path in their query.
    try {
      uri = vscode.Uri.file((JSON.parse(uri.query) as { path: string }).path);
    } catch {
      uri = vscode.Uri.file(uri.fsPath);
    }
  }
  return uri && uri.scheme === "file" && uri.path.endsWith(".topology.ts") ? uri : undefined;
}

async function pickRef(repo: GitRepository): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { ref?: string };
  const head = repo.state.HEAD;
  const items: Item[] = [{ label: "HEAD", description: head?.name ? `${head.name} ${head.commit?.slice(0, 8) ?? ""}` : head?.commit?.slice(0, 8), ref: "HEAD" }];
  const kinds = ["branch", "remote branch", "tag"];
  for (const r of await refsOf(repo)) if (r.name) items.push({ label: r.name, description: `${kinds[r.type] ?? ""} ${r.commit?.slice(0, 8) ?? ""}`, ref: r.name });
  items.push({ label: "$(edit) Another revision…", description: "a commit, HEAD~3, origin/main…" });
  const picked = await vscode.window.showQuickPick(items, { title: "Compare Diagram with…", placeHolder: "The git revision to compare with (HEAD by default)", matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.ref) return picked.ref;
  const typed = await vscode.window.showInputBox({ title: "Compare Diagram with…", prompt: "A git revision", value: "HEAD~1", validateInput: (v) => (/^\s*$|^-/.test(v) ? "A revision such as HEAD~1, a commit or a branch" : undefined) });
  return typed?.trim() || undefined;
}
