import * as fs from "node:fs";
import * as path from "node:path";
import {
  type CodeAction,
  CodeActionKind,
  createConnection,
  FileChangeType,
  type InitializeParams,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { type DetailedAnalysis, TopologyWorkspace } from "../analyzer";
import {
  ModelPushedNotification,
  ModelRequest,
  DiagramDiffRequest,
  type ModelResult,
  PlanOpRequest,
  type PlanOpResult,
  WatchModelNotification,
  WorkspaceModelsRequest,
  type WorkspaceModelsResult,
} from "../../shared/protocol/lsp";
import { parseProblem } from "../../shared/protocol/webview";
import { applyEdits, planOp } from "../edits";
import { diagramDiff } from "./diagram";
import { pathToUri, toLspDiagnostic, uriToPath } from "./convert";
import { deploymentLenses, documentSymbols } from "./outline";
import { importHostsActions } from "./import-hosts-action";
import { harmonyQuickFixes, typescriptQuickFixes } from "./quick-fixes";
import { completions, definition, hover, resolveCompletion, signatureHelp } from "./typescript-features";
import { EditSpeculation } from "./speculation";

// The Harmony language server: a thin host over the analyzer. It keeps one TopologyWorkspace
// (one TypeScript LanguageService) for the session, feeds it document edits, and publishes what
// the analyzer says, debounced while the user types.

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

let workspace: TopologyWorkspace = new TopologyWorkspace();
let libraryPath: string | undefined;
let debounceMs = 150;
let folders: string[] = [];

/** The latest analysis of each open document, with the version it was computed from. */
const analyses = new Map<string, { version: number; analysis: DetailedAnalysis }>();
const timers = new Map<string, NodeJS.Timeout>();
/** Files whose models a client watches (an open designer): each publish pushes the model too. */
const watched = new Set<string>();
/** Files a canvas op was just planned for: the edit that follows is checked at once, not debounced. */
const awaitingOpEdit = new Set<string>();
/** A canvas op's edit, analysed while the editor applies it. */
const speculation = new EditSpeculation(() => workspace, (uri) => documents.get(uri));

/** The workspace, holding the text of every open document as the editor has it. */
function ws(): TopologyWorkspace {
  speculation.settle();
  return workspace;
}

function log(message: string): void {
  connection.console.log(message);
}

connection.onInitialize((params: InitializeParams) => {
  const options = (params.initializationOptions ?? {}) as { libraryPath?: string; debounceMs?: number };
  libraryPath = options.libraryPath;
  if (typeof options.debounceMs === "number") debounceMs = options.debounceMs;
  workspace = new TopologyWorkspace({ libraryPath });
  libraryPath = workspace.host.libraryFolder;
  folders = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri));
  if (folders.length === 0 && params.rootUri) folders = [uriToPath(params.rootUri)];
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { triggerCharacters: [".", '"', "'", "/", "@", "{", " "], resolveProvider: true },
      hoverProvider: true,
      signatureHelpProvider: { triggerCharacters: ["(", ","], retriggerCharacters: [")"] },
      definitionProvider: true,
      documentSymbolProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.Refactor] },
      codeLensProvider: { resolveProvider: false },
    },
    serverInfo: { name: "harmony-topology", version: "0.1.0" },
  };
});

connection.onDidChangeConfiguration((change) => {
  const ms = (change.settings as { harmony?: { check?: { debounceMs?: number } } } | undefined)?.harmony?.check?.debounceMs;
  if (typeof ms === "number" && ms >= 0) debounceMs = ms;
});

// --- analysis and publishing ---------------------------------------------------------------------

/** The analysis of an open document at its current version, computed now if it is stale. */
function analysisOf(uri: string): DetailedAnalysis | undefined {
  const document = documents.get(uri);
  if (!document) return undefined;
  const cached = analyses.get(uri);
  if (cached && cached.version === document.version) return cached.analysis;
  const analysis = ws().analyzeDetailed(uriToPath(uri));
  analyses.set(uri, { version: document.version, analysis });
  return analysis;
}

function publish(uri: string): void {
  const document = documents.get(uri);
  if (!document) return;
  const analysis = analysisOf(uri);
  if (!analysis) return;
  // The canvas first: after a canvas op the user is looking at it.
  if (watched.has(uri)) void connection.sendNotification(ModelPushedNotification, resultOf(uri, document.version, analysis));
  void connection.sendDiagnostics({
    uri,
    version: document.version,
    diagnostics: analysis.diagnostics.map((d) => toLspDiagnostic(d, libraryPath)),
  });
}

function schedule(uri: string, delay = debounceMs): void {
  clearTimeout(timers.get(uri));
  timers.set(
    uri,
    setTimeout(() => {
      timers.delete(uri);
      try {
        publish(uri);
      } catch (e) {
        log(`checking ${uri} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      // Files that import this one may have changed meaning too.
      for (const other of documents.keys()) {
        if (other !== uri && !timers.has(other) && ws().dependsOn(uriToPath(other), uriToPath(uri))) {
          const cached = analyses.get(other);
          if (cached) analyses.delete(other);
          timers.set(other, setTimeout(() => {
            timers.delete(other);
            publish(other);
          }, debounceMs));
        }
      }
    }, delay),
  );
}

documents.onDidOpen(({ document }) => {
  ws().setDocument(uriToPath(document.uri), document.getText(), document.version);
  schedule(document.uri, 0);
});

documents.onDidChangeContent(({ document }) => {
  const ahead = speculation.take(document);
  ws().setDocument(uriToPath(document.uri), document.getText(), document.version);
  if (ahead) analyses.set(document.uri, { version: document.version, analysis: ahead });
  // A canvas op's edit: the user is waiting for the canvas, not typing.
  const fromCanvas = awaitingOpEdit.delete(document.uri);
  schedule(document.uri, fromCanvas ? 0 : debounceMs);
});

documents.onDidClose(({ document }) => {
  clearTimeout(timers.get(document.uri));
  timers.delete(document.uri);
  analyses.delete(document.uri);
  awaitingOpEdit.delete(document.uri);
  ws().removeDocument(uriToPath(document.uri));
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

// Files changed on disk. An open document's own file is ignored: its text comes from the editor, and
// a save (autosave after every canvas op, say) must not re-check and re-push what is already current.
connection.onDidChangeWatchedFiles(({ changes }) => {
  const onDisk = changes.filter((c) => !documents.get(c.uri));
  if (onDisk.length === 0) return;
  for (const change of onDisk) ws().fileChanged(uriToPath(change.uri));
  // An edited topology file matters only to the documents that import it; a file that appeared or
  // went away can change what any import resolves to, and a declaration file, tsconfig.json or
  // package.json can change what every file means.
  const everything = onDisk.some((c) => c.type !== FileChangeType.Changed || !c.uri.endsWith(".topology.ts"));
  for (const uri of documents.keys()) {
    const affected = everything || onDisk.some((c) => ws().dependsOn(uriToPath(uri), uriToPath(c.uri)));
    if (!affected) continue;
    analyses.delete(uri);
    schedule(uri);
  }
});

// --- features ------------------------------------------------------------------------------------

function offsetOf(uri: string, position: { line: number; character: number }): number | undefined {
  return documents.get(uri)?.offsetAt(position);
}

connection.onCompletion(({ textDocument, position }) => {
  const offset = offsetOf(textDocument.uri, position);
  if (offset === undefined) return null;
  return completions(ws().service, uriToPath(textDocument.uri), offset);
});

connection.onCompletionResolve((item) => resolveCompletion(ws().service, item));

connection.onHover(({ textDocument, position }) => {
  const offset = offsetOf(textDocument.uri, position);
  const file = ws().program()?.getSourceFile(uriToPath(textDocument.uri));
  if (offset === undefined || !file) return null;
  return hover(ws().service, file, offset, analyses.get(textDocument.uri)?.analysis.model);
});

connection.onSignatureHelp(({ textDocument, position }) => {
  const offset = offsetOf(textDocument.uri, position);
  if (offset === undefined) return null;
  return signatureHelp(ws().service, uriToPath(textDocument.uri), offset);
});

connection.onDefinition(({ textDocument, position }) => {
  const offset = offsetOf(textDocument.uri, position);
  if (offset === undefined) return null;
  return definition(ws().service, ws().program(), uriToPath(textDocument.uri), offset);
});

connection.onDocumentSymbol(({ textDocument }) => {
  const analysis = analysisOf(textDocument.uri);
  return analysis ? documentSymbols(analysis.model) : [];
});

connection.onCodeLens(({ textDocument }) => {
  const analysis = analysisOf(textDocument.uri);
  return analysis ? deploymentLenses(analysis.model, textDocument.uri) : [];
});

connection.onCodeAction(({ textDocument, context, range }) => {
  const analysis = analysisOf(textDocument.uri);
  if (!analysis) return [];
  const actions: CodeAction[] = importHostsActions(analysis.model, textDocument.uri, range);
  for (const diagnostic of context.diagnostics) {
    try {
      actions.push(...harmonyQuickFixes(analysis, ws().host.libraryIndex, textDocument.uri, diagnostic));
      actions.push(...typescriptQuickFixes(ws().service, analysis, diagnostic));
    } catch (e) {
      log(`quick fixes failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return actions;
});

// --- custom requests -----------------------------------------------------------------------------

function modelResult(uri: string): ModelResult {
  const document = documents.get(uri);
  const file = uriToPath(uri);
  let analysis: DetailedAnalysis;
  if (document) {
    analysis = analysisOf(uri)!;
  } else {
    ws().addFile(file);
    analysis = ws().analyzeDetailed(file);
  }
  return resultOf(uri, document ? document.version : -1, analysis);
}

function resultOf(uri: string, version: number, analysis: DetailedAnalysis): ModelResult {
  const failure = analysis.diagnostics.find((d) => d.code === "HARMONY1000");
  return {
    uri,
    version,
    model: analysis.model,
    diagnostics: analysis.diagnostics,
    ...(failure ? { parseError: failure.message } : {}),
  };
}

connection.onRequest(ModelRequest, (params) => modelResult(params.uri));
connection.onRequest(DiagramDiffRequest, (params) => diagramDiff(modelResult(params.uri), params, libraryPath));

connection.onNotification(WatchModelNotification, ({ uri, watch }) => {
  if (!watch) {
    watched.delete(uri);
    return;
  }
  watched.add(uri);
  try {
    void connection.sendNotification(ModelPushedNotification, modelResult(uri));
  } catch (e) {
    log(`reading ${uri} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
});

// Edits are planned here, against this server's copy of the document at exactly the version the
// canvas drew, with the parse the checker already made: one parser, one truth.
connection.onRequest(PlanOpRequest, ({ uri, baseVersion, op }): PlanOpResult => {
  const document = documents.get(uri);
  if (!document) return { ok: false, message: "The file is not open in an editor; open it and try again." };
  if (document.version !== baseVersion) {
    return {
      ok: false,
      stale: true,
      message: `The file changed (version ${document.version}) since the canvas drew version ${baseVersion}; the canvas shows the new version now, try again.`,
    };
  }
  const file = uriToPath(uri);
  const broken = parseProblem(modelResult(uri));
  if (broken) return { ok: false, message: `${broken} Fix it in the text editor, then edit on the canvas again.` };
  const plan = planOp({ text: document.getText(), version: document.version, fileName: file }, op, baseVersion, ws().program()?.getSourceFile(file));
  if (!plan.ok) return { ok: false, message: plan.message, ...(plan.references ? { references: plan.references } : {}) };
  if (plan.edits.length > 0) {
    awaitingOpEdit.add(uri);
    speculation.begin(uri, file, document.version, applyEdits(document.getText(), plan.edits));
  }
  return {
    ok: true,
    version: document.version,
    createdIds: plan.createdIds,
    edits: plan.edits.map((e) => ({ range: { start: document.positionAt(e.offset), end: document.positionAt(e.offset + e.length) }, newText: e.newText })),
  };
});

const SKIPPED = new Set(["node_modules", ".git", "dist", "out"]);

function topologyFiles(dir: string, out: string[] = [], depth = 0): string[] {
  if (depth > 12) return out;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !SKIPPED.has(e.name) && !e.name.startsWith(".")) topologyFiles(p, out, depth + 1);
    else if (e.isFile() && e.name.endsWith(".topology.ts")) out.push(p);
  }
  return out;
}

connection.onRequest(WorkspaceModelsRequest, (): WorkspaceModelsResult => {
  const files = folders.flatMap((f) => topologyFiles(f)).sort();
  for (const f of files) if (!documents.get(pathToUri(f))) ws().addFile(f);
  return { files: files.map((f) => modelResult(pathToUri(f))) };
});

documents.listen(connection);
connection.listen();
