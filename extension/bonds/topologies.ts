import * as vscode from "vscode";
import type { TopologyModel } from "../../language/model";
import { ModelRequest, WorkspaceModelsRequest, type ModelResult, type WorkspaceModelsResult } from "../../language/server/protocol";
import type { HarmonyContext } from "../context";

/** A topology file and its model. */
export interface TopologyFile {
  uri: vscode.Uri;
  model: TopologyModel;
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
  return uris.map((uri) => ({ uri, model: workspace.analyze(uri.fsPath).model }));
}

/** The model of one topology file, from the language server, else analysed here. */
export async function topologyModel(ctx: HarmonyContext, uri: vscode.Uri): Promise<TopologyFile> {
  try {
    const client = await ctx.languageClient;
    const result = await client.sendRequest<ModelResult>(ModelRequest, { uri: uri.toString() });
    return { uri, model: result.model };
  } catch (e) {
    ctx.log.info(`bonds: the language server gave no model for ${uri.fsPath} (${errorText(e)}); analysing it here`);
    const [file] = await analyzeHere(ctx, [uri]);
    return file;
  }
}

/** Every topology file of the workspace with its model. */
export async function workspaceTopologies(ctx: HarmonyContext): Promise<TopologyFile[]> {
  try {
    const client = await ctx.languageClient;
    const result = await client.sendRequest<WorkspaceModelsResult>(WorkspaceModelsRequest, {});
    return result.files.map((f) => ({ uri: vscode.Uri.parse(f.uri), model: f.model }));
  } catch (e) {
    ctx.log.info(`bonds: the language server listed no workspace models (${errorText(e)}); analysing the topology files here`);
    const uris = await vscode.workspace.findFiles("**/*.topology.ts", "**/node_modules/**");
    return analyzeHere(ctx, uris.sort((a, b) => a.fsPath.localeCompare(b.fsPath)));
  }
}
