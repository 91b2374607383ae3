import * as vscode from "vscode";

/**
 * Read-only virtual documents of one URI scheme (plan previews, what-if sides, bond diffs), keyed
 * by URI. Setting a text again replaces it in place, so editors already open on it follow.
 */
export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
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
