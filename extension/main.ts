import * as vscode from "vscode";
import { HarmonyContext } from "./context";
import { runLanguageServer } from "./language/client";
import { registerDesigner } from "./designer/register";
import { registerCommands } from "./commands";

let ctx: HarmonyContext | undefined;

export async function activate(extension: vscode.ExtensionContext) {
  ctx = new HarmonyContext(extension);
  extension.subscriptions.push(ctx);
  registerDesigner(ctx);
  registerCommands(ctx);
  runLanguageServer(ctx);
  // Activation waits for the server so that commands run right after it find a model to ask for.
  await ctx.languageClient.catch(() => undefined);
  ctx.log.info("Harmony Topology Designer activated");
  return { ctx };
}

export function deactivate() {
  ctx?.dispose();
  ctx = undefined;
}
