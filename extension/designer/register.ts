import * as vscode from "vscode";
import type { HarmonyContext } from "../context";

export const DESIGNER_VIEW_TYPE = "harmony.designer";

/** Registers the Topology Designer custom editor and the command that opens it. */
export function registerDesigner(ctx: HarmonyContext): void {
  ctx.own(
    vscode.window.registerCustomEditorProvider(
      DESIGNER_VIEW_TYPE,
      {
        resolveCustomTextEditor(document, panel) {
          panel.webview.options = { enableScripts: true, localResourceRoots: [ctx.asset("dist")] };
          const script = panel.webview.asWebviewUri(ctx.asset("dist", "webview.js"));
          const nonce = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("");
          panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${panel.webview.cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}'; img-src ${panel.webview.cspSource} data:; font-src ${panel.webview.cspSource};">
</head><body><div id="root" data-file="${encodeURIComponent(document.uri.toString())}"></div><script nonce="${nonce}" src="${script}"></script></body></html>`;
        },
      },
      { webviewOptions: { retainContextWhenHidden: true }, supportsMultipleEditorsPerDocument: true },
    ),
  );
  ctx.registerCommand("harmony.openDesigner", async (uri?: vscode.Uri) => {
    const target = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage("Open a *.topology.ts file to see it in the Topology Designer.");
      return;
    }
    await vscode.commands.executeCommand("vscode.openWith", target, DESIGNER_VIEW_TYPE, vscode.ViewColumn.Beside);
  });
}
