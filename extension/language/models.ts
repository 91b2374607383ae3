import * as vscode from "vscode";
import type { TopologyDiagnostic, TopologyModel } from "../../shared/model";
import { ModelRequest, WorkspaceModelsRequest } from "../../shared/protocol/lsp";
import { ServerUnavailable, type HarmonyContext } from "../context";

/** A topology file with its model and diagnostics. */
export interface TopologyFile {
  uri: vscode.Uri;
  model: TopologyModel;
  diagnostics: TopologyDiagnostic[];
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Sends a request to the language server, the one place topology files are analysed; a server that
 * is not running or does not answer is a `ServerUnavailable` (shown with a restart action).
 */
async function ask<T>(ctx: HarmonyContext, feature: string, send: (client: Awaited<HarmonyContext["languageClient"]>) => Promise<T>): Promise<T> {
  const client = await ctx.languageClient;
  try {
    return await send(client);
  } catch (e) {
    ctx.log.warn(`${feature}: the language server did not answer: ${reason(e)}`);
    throw new ServerUnavailable(`it did not answer: ${reason(e)}`);
  }
}

/** One file's model, unsaved changes included. `feature` names the asker in the log. */
export async function fileModel(ctx: HarmonyContext, uri: vscode.Uri, feature: string): Promise<TopologyFile> {
  const r = await ask(ctx, feature, (c) => c.sendRequest(ModelRequest, { uri: uri.toString() }));
  return { uri, model: r.model, diagnostics: r.diagnostics };
}

/** Every topology file of the workspace with its model. */
export async function workspaceModels(ctx: HarmonyContext, feature: string): Promise<TopologyFile[]> {
  const r = await ask(ctx, feature, (c) => c.sendRequest(WorkspaceModelsRequest));
  return r.files.map((f) => ({ uri: vscode.Uri.parse(f.uri), model: f.model, diagnostics: f.diagnostics }));
}
