import * as vscode from "vscode";
import type { TopologyDiagnostic, TopologyModel } from "../../shared/model";
import { ModelRequest, WorkspaceModelsRequest, type ModelResult, type WorkspaceModelsResult } from "../../shared/protocol/lsp";
import type { HarmonyContext } from "../context";

/** A topology file with its model and diagnostics. */
export interface TopologyFile {
  uri: vscode.Uri;
  model: TopologyModel;
  diagnostics: TopologyDiagnostic[];
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Analyses files in the extension host when the language server cannot answer: the same analyzer,
 * open documents' unsaved text included.
 */
async function analyzeHere(ctx: HarmonyContext, uris: vscode.Uri[]): Promise<TopologyFile[]> {
  const { TopologyWorkspace } = await import("../../language/analyzer");
  const workspace = new TopologyWorkspace({ libraryPath: ctx.asset("dist", "library").fsPath });
  for (const uri of uris) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) workspace.setDocument(uri.fsPath, open.getText(), open.version);
    workspace.addFile(uri.fsPath);
  }
  return uris.map((uri) => {
    const a = workspace.analyze(uri.fsPath);
    return { uri, model: a.model, diagnostics: a.diagnostics };
  });
}

/** One file's model, from the language server, else analysed here. `feature` names the asker in the log. */
export async function fileModel(ctx: HarmonyContext, uri: vscode.Uri, feature: string): Promise<TopologyFile> {
  try {
    const client = await ctx.languageClient;
    const r = await client.sendRequest<ModelResult>(ModelRequest, { uri: uri.toString() });
    return { uri, model: r.model, diagnostics: r.diagnostics };
  } catch (e) {
    ctx.log.info(`${feature}: no model from the language server for ${uri.fsPath} (${errorText(e)}); analysing it here`);
    return (await analyzeHere(ctx, [uri]))[0];
  }
}

/** Every topology file of the workspace with its model, from the language server, else analysed here. */
export async function workspaceModels(ctx: HarmonyContext, feature: string): Promise<TopologyFile[]> {
  try {
    const client = await ctx.languageClient;
    const r = await client.sendRequest<WorkspaceModelsResult>(WorkspaceModelsRequest, {});
    return r.files.map((f) => ({ uri: vscode.Uri.parse(f.uri), model: f.model, diagnostics: f.diagnostics }));
  } catch (e) {
    ctx.log.info(`${feature}: no workspace models from the language server (${errorText(e)}); analysing the topology files here`);
    const uris = await vscode.workspace.findFiles("**/*.topology.ts", "**/node_modules/**");
    return analyzeHere(ctx, uris.sort((a, b) => a.fsPath.localeCompare(b.fsPath)));
  }
}
