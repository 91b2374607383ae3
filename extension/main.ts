import * as vscode from "vscode";
import { HarmonyContext } from "./context";
import { startLanguageClient } from "./language/client";
import { registerDesigner } from "./designer/register";
import { registerCommands } from "./commands";

let ctx: HarmonyContext | undefined;

export async function activate(extension: vscode.ExtensionContext) {
  ctx = new HarmonyContext(extension);
  extension.subscriptions.push(ctx);
  registerDesigner(ctx);
  registerCommands(ctx);
  try {
    ctx.clientStarted(await startLanguageClient(ctx));
  } catch (e) {
    ctx.clientStarted(e instanceof Error ? e : new Error(String(e)));
    ctx.log.error(`The Harmony language server did not start: ${e instanceof Error ? e.message : e}`);
    void vscode.window.showErrorMessage("The Harmony language server did not start; see the Harmony log.", "Show Log").then(
      (choice) => choice && ctx?.log.show(),
    );
  }
  ctx.log.info("Harmony Topology Designer activated");
  return { ctx };
}

export function deactivate() {
  ctx?.dispose();
  ctx = undefined;
}
