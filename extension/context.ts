import * as vscode from "vscode";

/** Owns the extension's lifetime: its log, its disposables, and where its bundled files are. */
export class HarmonyContext implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel("Harmony", { log: true });
    this.disposables.push(this.log);
  }

  /** A file shipped with the extension, e.g. `dist/server.js`. */
  asset(...segments: string[]): vscode.Uri {
    return vscode.Uri.joinPath(this.extension.extensionUri, ...segments);
  }

  own<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  registerCommand(id: string, handler: (...args: any[]) => unknown): void {
    this.own(vscode.commands.registerCommand(id, handler));
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) {
      try {
        d.dispose();
      } catch {
        // Disposing must not stop the other disposables.
      }
    }
  }
}
