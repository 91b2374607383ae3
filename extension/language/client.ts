import * as vscode from "vscode";
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from "vscode-languageclient/node";
import { config } from "../config";
import type { HarmonyContext } from "../context";

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
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.topology.ts"),
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
  ctx.own(client);
  await client.start();
  return client;
}
