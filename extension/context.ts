import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { DeployStatusStore } from "./deploy/status";
import { redactingLog } from "./log";

/** Owns the extension's lifetime: its log, its disposables, and where its bundled files are. */
export class HarmonyContext implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  /** The last deploy of each deployment, for the designer. */
  readonly deployStatus: DeployStatusStore;
  private readonly disposables: vscode.Disposable[] = [];
  private resolveClient!: (c: LanguageClient) => void;
  private rejectClient!: (e: unknown) => void;
  /** The running language server's client; features that need models await it. */
  readonly languageClient: Promise<LanguageClient> = new Promise((resolve, reject) => {
    this.resolveClient = resolve;
    this.rejectClient = reject;
  });

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = redactingLog(vscode.window.createOutputChannel("Harmony", { log: true }));
    this.disposables.push(this.log);
    this.deployStatus = this.own(new DeployStatusStore(extension.workspaceState));
    // A failed start is reported once by activate(); awaiting features see the rejection themselves.
    this.languageClient.catch(() => undefined);
  }

  /** A file shipped with the extension, e.g. `dist/server.js`. */
  asset(...segments: string[]): vscode.Uri {
    return vscode.Uri.joinPath(this.extension.extensionUri, ...segments);
  }

  clientStarted(client: LanguageClient | Error): void {
    if (client instanceof Error) this.rejectClient(client);
    else this.resolveClient(client);
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
