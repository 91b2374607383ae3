import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { config } from "../config";
import { RESTART_SERVER_COMMAND, type HarmonyContext } from "../context";

export const LANGUAGE_ID = "harmony-topology";

/** Starts the Harmony language server (its own process) for `*.topology.ts` files. */
export async function startLanguageClient(ctx: HarmonyContext): Promise<LanguageClient> {
  const module = ctx.asset("dist", "server.js").fsPath;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6010"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: LANGUAGE_ID }],
    synchronize: {
      // Declaration files and tsconfig.json change what a topology file means (capabilities merged in a caps.d.ts).
      fileEvents: [
        vscode.workspace.createFileSystemWatcher("**/*.topology.ts"),
        vscode.workspace.createFileSystemWatcher("**/*.d.ts"),
        vscode.workspace.createFileSystemWatcher("**/tsconfig.json"),
      ],
      configurationSection: "harmony",
    },
    outputChannelName: "Harmony Language Server",
    initializationOptions: {
      libraryPath: ctx.asset("dist", "library").fsPath,
      debounceMs: config.debounceMs,
    },
    middleware: {
      // The server names the file by its uri string; the commands behind the lenses take a Uri.
      provideCodeLenses: async (document, token, next) => {
        const lenses = await next(document, token);
        for (const lens of lenses ?? []) {
          const args = lens.command?.arguments;
          if (args && typeof args[0] === "string") args[0] = vscode.Uri.parse(args[0]);
        }
        return lenses;
      },
    },
  };
  const client = new LanguageClient("harmony", "Harmony Language Server", serverOptions, clientOptions);
  await client.start();
  return client;
}

/**
 * Runs the language server for the extension's lifetime: starts it at activation, and again on
 * Harmony: Restart Language Server (a crashed or stopped server is one command away from working).
 */
export function runLanguageServer(ctx: HarmonyContext): void {
  let current: LanguageClient | undefined;
  const start = (): Promise<LanguageClient> => {
    const starting = startLanguageClient(ctx).then((c) => (current = c));
    ctx.clientStarting(starting);
    starting.then(
      () => ctx.log.info("Harmony language server started"),
      (e: unknown) => {
        const message = e instanceof Error ? e.message : String(e);
        ctx.log.error(`The Harmony language server did not start: ${message}`);
        void vscode.window.showErrorMessage(`The Harmony language server did not start: ${message}`, "Restart Language Server", "Show Log").then((choice) => {
          if (choice === "Restart Language Server") void vscode.commands.executeCommand(RESTART_SERVER_COMMAND);
          else if (choice === "Show Log") ctx.log.show();
        });
      },
    );
    return starting;
  };
  const stop = async () => {
    const c = current;
    current = undefined;
    if (!c) return;
    try {
      await c.stop(2000);
    } catch {
      // A server that already died has nothing to stop.
    }
    await c.dispose().catch(() => undefined);
  };
  ctx.own({ dispose: () => void stop() });
  ctx.registerCommand(RESTART_SERVER_COMMAND, async () => {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: "Restarting the Harmony language server" }, async () => {
      await stop();
      await start().catch(() => undefined);
    });
  });
  void start().catch(() => undefined);
}
