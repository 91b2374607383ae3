import * as vscode from "vscode";
import { parseWebviewMessage, type DesignerOp, type HostMessage, type PlanPreview, type WebviewMessage } from "../../shared/protocol/webview";
import { PlanOpRequest, type ModelResult, type PlanOpResult } from "../../shared/protocol/lsp";
import type { SourceLocation, TopologyModel } from "../../shared/model";
import { ServerUnavailable, type HarmonyContext } from "../context";
import { deploymentNodeId, deploymentOfNodeId } from "../../shared/model/ids";
import { designerHtml } from "./html";
import type { PositionStore } from "./positions";

/** What tests and benchmarks can ask of a designer. */
export interface DesignerState {
  uri: string;
  ready: boolean;
  /** Version of the document the canvas last drew, and how many nodes it drew. */
  renderedVersion: number;
  nodeCount: number;
}

/** One designer webview showing one topology document. The document is the source of truth. */
export class DesignerPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private lastModel?: ModelResult;
  private postedVersion = -Infinity;
  private ready = false;
  private disposed = false;
  private renderedVersion = -1;
  private nodeCount = 0;
  private readonly renderWaiters: { version: number; resolve: () => void }[] = [];
  private readonly pendingRoundTrips = new Map<number, { started: number; kind: string }>();

  constructor(
    private readonly ctx: HarmonyContext,
    readonly document: vscode.TextDocument,
    readonly panel: vscode.WebviewPanel,
    private readonly positions: PositionStore,
    private readonly peers: () => DesignerPanel[],
    private readonly recordRoundTrip: (ms: number) => void,
  ) {
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [ctx.asset("dist")] };
    webview.html = designerHtml(
      webview,
      { script: ctx.asset("dist", "webview.js"), style: ctx.asset("dist", "webview.css") },
      `Topology Designer — ${vscode.workspace.asRelativePath(document.uri)}`,
    );
    this.disposables.push(webview.onDidReceiveMessage((m) => void this.receive(m)));
    this.disposables.push(
      ctx.deployStatus.onDidChange((uri) => {
        if (uri === this.uri.toString()) this.postDeployStatus();
      }),
    );
  }

  /** Sends the last deploy of each of the file's deployments, and the live primaries last read. */
  postDeployStatus(): void {
    this.post({ type: "deployStatus", statuses: this.ctx.deployStatus.forFile(this.uri), livePrimaries: this.ctx.deployStatus.livePrimaries(this.uri) });
  }

  /** Colours what a deploy would do; null takes the colours away. */
  postPlanPreview(preview: PlanPreview | null): void {
    this.post({ type: "planPreview", preview });
  }

  get uri(): vscode.Uri {
    return this.document.uri;
  }

  state(): DesignerState {
    return { uri: this.uri.toString(), ready: this.ready, renderedVersion: this.renderedVersion, nodeCount: this.nodeCount };
  }

  /** Resolves once the canvas has drawn a model of at least `version`. */
  whenRendered(version: number): Promise<void> {
    if (this.renderedVersion >= version) return Promise.resolve();
    return new Promise((resolve) => this.renderWaiters.push({ version, resolve }));
  }

  /** Draws a model the language server pushed; an older one than what is drawn is dropped. */
  showModel(result: ModelResult): void {
    if (result.version !== -1 && result.version < this.postedVersion) return;
    this.lastModel = result;
    this.postedVersion = result.version;
    this.post({
      type: "model",
      uri: result.uri,
      version: result.version,
      model: result.model,
      diagnostics: result.diagnostics,
      parseError: result.parseError,
      positions: this.positions.get(this.uri),
    });
  }

  /** Says on the canvas why there is no model. */
  showUnavailable(message: string): void {
    if (!this.lastModel) this.post({ type: "unavailable", message });
  }

  /** Selects on the canvas whatever the text cursor is in. */
  selectAt(position: vscode.Position): void {
    const model = this.lastModel?.model;
    if (!model) return;
    const ids = innermostAt(model, this.uri.fsPath, position);
    this.post({ type: "select", ids });
  }

  postPositions(): void {
    this.post({ type: "positions", positions: this.positions.get(this.uri) });
  }

  private post(message: HostMessage): void {
    // A model request may come back after the user closed the designer.
    if (this.disposed) return;
    this.panel.webview.postMessage(message).then(undefined, () => undefined);
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.ctx.log.error(`designer: ignored a malformed message from the webview: ${parsed.error}`);
      return;
    }
    const m: WebviewMessage = parsed.message;
    switch (m.type) {
      case "ready":
        // A (re)loaded webview has nothing drawn: send the last model pushed, if one came yet.
        this.postedVersion = -Infinity;
        if (this.lastModel) this.showModel(this.lastModel);
        else this.ctx.languageClient.catch((e: unknown) => this.showUnavailable(e instanceof Error ? e.message : String(e)));
        this.postDeployStatus();
        return;
      case "rendered":
        return this.rendered(m.version, m.nodeCount, m.ms);
      case "op":
        await this.applyOp(m.op, m.baseVersion, m.requestId);
        return;
      case "reveal":
        return this.reveal(m.id, m.open ?? false);
      case "positions": {
        await this.positions.update(this.uri, m.positions, m.reset);
        for (const peer of this.peers()) if (peer !== this) peer.postPositions();
        if (m.reset) this.postPositions();
        return;
      }
      case "export":
        return this.export(m.format, m.data);
      case "error":
        this.ctx.log.error(`designer webview: ${m.message}`);
        return;
    }
  }

  private rendered(version: number, nodeCount: number, ms: number): void {
    const first = !this.ready;
    this.ready = true;
    this.renderedVersion = version;
    this.nodeCount = nodeCount;
    // Tests and benches wait for this line: the canvas has drawn the document.
    if (first) this.ctx.log.info(`designer ready ${this.uri.toString()} ${nodeCount}`);
    this.ctx.log.debug(`designer rendered ${this.uri.toString()} v${version} ${nodeCount} nodes in ${ms.toFixed(0)} ms`);
    for (const [v, rt] of this.pendingRoundTrips) {
      if (version >= v) {
        const elapsed = performance.now() - rt.started;
        this.recordRoundTrip(elapsed);
        this.ctx.log.debug(`designer ${rt.kind} round trip ${elapsed.toFixed(0)} ms`);
        this.pendingRoundTrips.delete(v);
      }
    }
    for (const w of this.renderWaiters.splice(0)) {
      if (version >= w.version) w.resolve();
      else this.renderWaiters.push(w);
    }
  }

  /** Asks the language server to plan an op against the document at `baseVersion`. */
  private async plan(op: DesignerOp, baseVersion: number): Promise<PlanOpResult> {
    const client = await this.ctx.languageClient;
    try {
      return await client.sendRequest(PlanOpRequest, { uri: this.uri.toString(), baseVersion, op });
    } catch (e) {
      throw new ServerUnavailable(`it did not plan the edit: ${errorText(e)}`);
    }
  }

  /**
   * Applies a canvas op as one WorkspaceEdit (one undo step): planned by the language server, applied
   * only if the document is still at the version it was planned against. Returns the version it produced.
   */
  async applyOp(op: DesignerOp, baseVersion: number, requestId = ""): Promise<number | undefined> {
    const started = performance.now();
    const doc = this.document;
    const refuse = (message: string) => {
      this.post({ type: "opResult", requestId, ok: false, message });
      return undefined;
    };
    let plan: PlanOpResult;
    try {
      plan = await this.plan(op, baseVersion);
      if (!plan.ok && op.kind === "delete" && plan.references && !op.cascade) {
        const choice = await vscode.window.showWarningMessage(plan.message, { modal: true }, "Delete Together");
        if (choice !== "Delete Together") return refuse("Nothing was deleted.");
        plan = await this.plan({ ...op, cascade: true }, doc.version);
      }
    } catch (e) {
      if (!(e instanceof ServerUnavailable)) throw e;
      this.ctx.reportServerUnavailable(e);
      return refuse(e.message);
    }
    if (!plan.ok) {
      this.ctx.log.info(`designer: ${op.kind} refused: ${plan.message}`);
      return refuse(plan.message);
    }
    if (doc.version !== plan.version) return refuse("The file changed while the edit was being planned; nothing was changed, try again.");
    if (plan.edits.length === 0) {
      this.post({ type: "opResult", requestId, ok: true, createdIds: plan.createdIds });
      return doc.version;
    }
    const edit = new vscode.WorkspaceEdit();
    for (const e of plan.edits) {
      edit.replace(doc.uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
    }
    if (!(await vscode.workspace.applyEdit(edit))) return refuse("VS Code did not apply the edit (is the file read-only?).");
    this.pendingRoundTrips.set(doc.version, { started, kind: op.kind });
    this.post({ type: "opResult", requestId, ok: true, createdIds: plan.createdIds });
    return doc.version;
  }

  private async reveal(id: string, open: boolean): Promise<void> {
    const location = locationOf(this.lastModel?.model, id);
    if (!location) return;
    let file = vscode.Uri.file(location.file);
    if (location.file === this.lastModel?.model.file) file = this.uri;
    const range = new vscode.Range(location.range.start.line, location.range.start.character, location.range.end.line, location.range.end.character);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === file.toString());
    if (visible) {
      visible.selection = new vscode.Selection(range.start, range.start);
      visible.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } else if (open) {
      await vscode.window.showTextDocument(file, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, selection: new vscode.Range(range.start, range.start) });
    }
  }

  private async export(format: "svg" | "png", data: string): Promise<void> {
    const base = this.uri.path.replace(/\.topology\.ts$/, "").split("/").pop() ?? "topology";
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(this.uri, "..", `${base}.${format}`),
      filters: format === "svg" ? { "SVG image": ["svg"] } : { "PNG image": ["png"] },
    });
    if (!target) return;
    const bytes = format === "svg" ? Buffer.from(data, "utf8") : Buffer.from(data.replace(/^data:image\/png;base64,/, ""), "base64");
    await vscode.workspace.fs.writeFile(target, bytes);
    this.ctx.log.info(`designer: exported ${target.toString()}`);
  }

  dispose(): void {
    this.disposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
    for (const w of this.renderWaiters.splice(0)) w.resolve();
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function contains(loc: SourceLocation, file: string, p: vscode.Position): boolean {
  if (loc.file !== file) return false;
  const { start, end } = loc.range;
  const after = p.line > start.line || (p.line === start.line && p.character >= start.character);
  const before = p.line < end.line || (p.line === end.line && p.character <= end.character);
  return after && before;
}

function size(loc: SourceLocation): number {
  const { start, end } = loc.range;
  return (end.line - start.line) * 10_000 + (end.character - start.character);
}

/** The ids of the smallest topology, score or deployment whose source holds the position. */
function innermostAt(model: TopologyModel, file: string, p: vscode.Position): string[] {
  const candidates: { id: string; loc: SourceLocation }[] = [
    ...model.topologies.map((t) => ({ id: t.id, loc: t.location })),
    ...model.scores.map((s) => ({ id: s.id, loc: s.location })),
    ...model.deployments.map((d) => ({ id: deploymentNodeId(d.id), loc: d.location })),
  ].filter((c) => contains(c.loc, file, p) || contains(c.loc, model.file, p));
  candidates.sort((a, b) => size(a.loc) - size(b.loc));
  return candidates.length > 0 ? [candidates[0].id] : [];
}

function locationOf(model: TopologyModel | undefined, id: string): SourceLocation | undefined {
  if (!model) return undefined;
  const depId = deploymentOfNodeId(id);
  if (depId) return model.deployments.find((d) => d.id === depId)?.location;
  return model.topologies.find((t) => t.id === id)?.location ?? model.scores.find((s) => s.id === id)?.location;
}
