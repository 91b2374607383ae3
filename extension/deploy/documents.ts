import * as vscode from "vscode";

export const PLAN_SCHEME = "harmony-plan";

/** Read-only texts of plan previews and what-if sides, keyed by URI; updated in place. */
export class PlanDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
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

const segment = (s: string) => s.replace(/[/\\]/g, "_") || "_";

/** `harmony-plan:/<deployment>.plan.yaml?file=…` */
export function planUri(file: vscode.Uri, deployment: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${segment(deployment)}.plan.yaml`, query: new URLSearchParams({ file: file.toString() }).toString() });
}

/** One side of an object's what-if: `harmony-plan:/<deployment>/<context>/<Kind ns/name>.yaml?side=…` */
export function whatIfUri(file: vscode.Uri, deployment: string, context: string, ref: string, side: "live" | "planned"): vscode.Uri {
  return vscode.Uri.from({
    scheme: PLAN_SCHEME,
    path: `/${segment(deployment)}/${segment(context || "current-context")}/${segment(ref)}.yaml`,
    query: new URLSearchParams({ file: file.toString(), side }).toString(),
  });
}
