import * as vscode from "vscode";
import type { DiagramDiffResult } from "../../shared/protocol/lsp";

type Drawn = Extract<DiagramDiffResult, { ok: true }>;

const panels = new Map<string, vscode.WebviewPanel>();

/**
 * Shows the diff picture and its table of changes in a panel, one per file and ref (shown again,
 * not duplicated). No scripts run in it: the picture is inline SVG, the page a static document.
 */
export function showDiagramDiff(file: vscode.Uri, ref: string, drawn: Drawn): vscode.WebviewPanel {
  const key = `${file.toString()}@${ref}`;
  const title = `Diagram: ${file.path.split("/").pop()} ↔ ${ref}`;
  let panel = panels.get(key);
  if (panel) panel.reveal();
  else {
    panel = vscode.window.createWebviewPanel("harmony.diagramDiff", title, vscode.ViewColumn.Active, { enableScripts: false, enableFindWidget: true });
    panels.set(key, panel);
    panel.onDidDispose(() => panels.delete(key));
  }
  panel.webview.html = page(title, drawn);
  return panel;
}

function page(title: string, drawn: Drawn): string {
  const rows = drawn.changes
    .map((c) => `<tr class="${c.change}"><td>${esc(c.change)}</td><td>${esc(c.subject)}${c.subject === "deployment" ? "" : ` (${esc(c.kind)})`}</td><td>${esc(c.name)}</td><td>${esc(c.details)}</td></tr>`)
    .join("");
  const table = drawn.changes.length
    ? `<table><thead><tr><th>Change</th><th>What</th><th>Name</th><th>Details</th></tr></thead><tbody>${rows}</tbody></table>`
    : `<p>No topology, score or deployment changed.</p>`;
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;">
<title>${esc(title)}</title>
<style>
body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); padding: 8px 16px; }
.picture { overflow: auto; border: 1px solid var(--vscode-panel-border, transparent); }
table { border-collapse: collapse; margin-top: 12px; }
th, td { text-align: left; padding: 2px 10px; border-bottom: 1px solid var(--vscode-panel-border, #8884); }
tr.added td:first-child { color: var(--vscode-charts-green); }
tr.removed td:first-child { color: var(--vscode-errorForeground); }
tr.changed td:first-child, tr.moved td:first-child { color: var(--vscode-charts-yellow); }
</style></head><body>
<div class="picture" role="img" aria-label="${esc(title)}">${drawn.svg}</div>
${table}
</body></html>`;
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}
