import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { DeployStatusStore } from "./deploy/status";
import { redactingLog } from "./log";

/** The language server cannot answer: a message for the user, who can restart it. */
export class ServerUnavailable extends Error {
  constructor(reason: string) {
    super(`The Harmony language server is not running (${reason}). Restart it, or see Harmony: Show Log.`);
  }
}

export const RESTART_SERVER_COMMAND = "harmony.restartServer";

/** Owns the extension's lifetime: its log, its disposables, its language client, and where its bundled files are. */
export class HarmonyContext implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  /** The last deploy of each deployment, for the designer. */
  readonly deployStatus: DeployStatusStore;
  private readonly disposables: vscode.Disposable[] = [];
  private client: Promise<LanguageClient> = Promise.reject(new ServerUnavailable("it has not started yet"));
  private readonly clientStartedEmitter = new vscode.EventEmitter<LanguageClient>();
  /** Fires each time a language client has started (at activation and after every restart). */
  readonly onDidStartClient = this.clientStartedEmitter.event;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = redactingLog(vscode.window.createOutputChannel("Harmony", { log: true }));
    this.disposables.push(this.log, this.clientStartedEmitter);
    this.deployStatus = this.own(new DeployStatusStore(extension.workspaceState));
    this.client.catch(() => undefined);
  }

  /** The running language server's client; rejects with `ServerUnavailable` when there is none. */
  get languageClient(): Promise<LanguageClient> {
    return this.client;
  }

  /** Records a (re)starting client; features awaiting `languageClient` get it once it runs. */
  clientStarting(starting: Promise<LanguageClient>): void {
    this.client = starting.catch((e: unknown) => {
      throw e instanceof ServerUnavailable ? e : new ServerUnavailable(e instanceof Error ? e.message : String(e));
    });
    this.client.then((c) => this.clientStartedEmitter.fire(c), () => undefined);
  }

  /** A file shipped with the extension, e.g. `dist/server.js`. */
  asset(...segments: string[]): vscode.Uri {
    return vscode.Uri.joinPath(this.extension.extensionUri, ...segments);
  }

  own<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  /** Registers a command; a missing language server is reported with a way to restart it. */
  registerCommand(id: string, handler: (...args: any[]) => unknown): void {
    this.own(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          return await handler(...args);
        } catch (e) {
          if (!(e instanceof ServerUnavailable)) throw e;
          this.reportServerUnavailable(e);
          return undefined;
        }
      }),
    );
  }

  reportServerUnavailable(e: ServerUnavailable): void {
    this.log.error(e.message);
    void vscode.window.showErrorMessage(e.message, "Restart Language Server", "Show Log").then((choice) => {
      if (choice === "Restart Language Server") void vscode.commands.executeCommand(RESTART_SERVER_COMMAND);
      else if (choice === "Show Log") this.log.show();
    });
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
