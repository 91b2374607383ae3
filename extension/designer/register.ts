import * as vscode from "vscode";
import type { HarmonyContext } from "../context";
import { ModelPushedNotification, WatchModelNotification } from "../../shared/protocol/lsp";
import { designerOpSchema, type PlanPreview } from "../../shared/protocol/webview";
import { DesignerPanel, type DesignerState } from "./panel";
import { PositionStore } from "./positions";

export const DESIGNER_VIEW_TYPE = "harmony.designer";

/**
 * The Topology Designer: a custom text editor whose document stays the source of truth. Every
 * designer of a file follows that file's document and the language server's models of it.
 */
export function registerDesigner(ctx: HarmonyContext): void {
  const panels = new Set<DesignerPanel>();
  const positions = new PositionStore(ctx.extension.workspaceState);
  const roundTrips: number[] = [];
  const panelsOf = (uri: string) => [...panels].filter((p) => p.uri.toString() === uri);
  // The language server pushes a watched file's model with each publish of its diagnostics: the one
  // trigger that redraws a canvas (a canvas op's edit is checked at once, without the typing debounce).
  const watch = (uri: string, on: boolean) => {
    ctx.languageClient.then(
      (client) => client.sendNotification(WatchModelNotification, { uri, watch: on }),
      (e: unknown) => {
        for (const p of panelsOf(uri)) p.showUnavailable(e instanceof Error ? e.message : String(e));
      },
    );
  };
  ctx.own(
    ctx.onDidStartClient((client) => {
      ctx.own(client.onNotification(ModelPushedNotification, (m) => {
        for (const p of panelsOf(m.uri)) p.showModel(m);
      }));
      for (const uri of new Set([...panels].map((p) => p.uri.toString()))) watch(uri, true);
    }),
  );

  ctx.own(
    vscode.window.registerCustomEditorProvider(
      DESIGNER_VIEW_TYPE,
      {
        resolveCustomTextEditor(document, webviewPanel) {
          const panel = new DesignerPanel(ctx, document, webviewPanel, positions, () => panelsOf(document.uri.toString()), (ms) => {
            roundTrips.push(ms);
            if (roundTrips.length > 1000) roundTrips.shift();
          });
          const uri = document.uri.toString();
          panels.add(panel);
          // Watching (again) pushes the current model at once: a new designer draws without waiting.
          watch(uri, true);
          webviewPanel.onDidDispose(() => {
            panels.delete(panel);
            panel.dispose();
            if (panelsOf(uri).length === 0) watch(uri, false);
          });
        },
      },
      { webviewOptions: { retainContextWhenHidden: true }, supportsMultipleEditorsPerDocument: true },
    ),
  );

  ctx.own(
    vscode.window.onDidChangeTextEditorSelection((e) => {
      const active = e.selections[0]?.active;
      // Only the user's own cursor moves select: a reveal from the canvas sets the selection
      // programmatically (no kind), and echoing it back would undo a multi-selection.
      if (!active || e.kind === undefined) return;
      for (const p of panelsOf(e.textEditor.document.uri.toString())) p.selectAt(active);
    }),
  );

  ctx.registerCommand("harmony.openDesigner", async (uri?: vscode.Uri) => {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    if (!target) {
      void vscode.window.showInformationMessage("Open a *.topology.ts file to see it in the Topology Designer.");
      return;
    }
    const beside = vscode.window.activeTextEditor?.document.uri.toString() === target.toString() ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    await vscode.commands.executeCommand("vscode.openWith", target, DESIGNER_VIEW_TYPE, beside);
  });

  // For tests and benchmarks (not in the command palette): what the designers have drawn, and an
  // op applied as if from the canvas, resolved once the canvas has drawn its result.
  ctx.registerCommand("harmony.designer.state", (): DesignerState[] => [...panels].map((p) => p.state()));
  // Preview Deployment Plan colours the designers of the plan's file; gives how many there were.
  ctx.registerCommand("harmony.designer.planPreview", (uri: string, preview: PlanPreview | null): number => {
    const open = panelsOf(uri);
    for (const p of open) p.postPlanPreview(preview);
    return open.length;
  });
  ctx.registerCommand("harmony.designer.roundTrips", (): number[] => [...roundTrips]);
  ctx.registerCommand("harmony.designer.applyOp", async (uri: string | vscode.Uri, op: unknown) => {
    const panel = panelsOf(uri.toString())[0];
    if (!panel) throw new Error(`no designer is open on ${uri.toString()}`);
    const started = performance.now();
    const version = await panel.applyOp(designerOpSchema.parse(op), panel.document.version);
    if (version === undefined) return { ok: false };
    await panel.whenRendered(version);
    return { ok: true, ms: performance.now() - started };
  });
}
