import * as vscode from "vscode";

export const BONDS_SCHEME = "harmony-bonds";

/**
 * The read-only texts of bond diffs, keyed by URI. Showing a diff again replaces the texts in
 * place, so editors already open on them follow.
 */
export class BondDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? "";
  }

  set(uri: vscode.Uri, text: string): void {
    const key = uri.toString();
    const before = this.texts.get(key);
    this.texts.set(key, text);
    if (before !== undefined && before !== text) this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}

/**
 * The URI of one side of a host's bond diff: `harmony-bonds:/<deployment>/<bond>/<host>.yaml`, so
 * the multi-diff editor labels each entry with its host; the query keeps files and sides apart.
 */
export function bondUri(file: vscode.Uri, deployment: string, bond: string, host: string, side: "current" | "desired"): vscode.Uri {
  const segment = (s: string) => s.replace(/[/\\]/g, "_");
  return vscode.Uri.from({
    scheme: BONDS_SCHEME,
    path: `/${segment(deployment)}/${segment(bond)}/${segment(host)}.yaml`,
    query: new URLSearchParams({ file: file.toString(), side }).toString(),
  });
}

