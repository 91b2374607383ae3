// The lockout warnings (HARMONY1301) in the Problems panel, on the hostBonds deployment they are
// about. They come from the cluster's state, which the language server never reads (it has no
// kubeconfig and must not reach the network on every keystroke), so the extension publishes them
// after Show Bond Diff has read the states, in a collection of its own; editing the file drops
// them, since they speak of the text as it was when the cluster was read.
import * as vscode from "vscode";
import type { BondDiffReport } from "../../engine/bonds/diff";
import { DiagnosticCode, diagnosticDocsAnchor, type TopologyModel } from "../../shared/model";

export class LockoutDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("harmony-bonds");
  private readonly onEdit: vscode.Disposable;

  constructor(private readonly docsRoot?: vscode.Uri) {
    this.onEdit = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length && this.collection.has(e.document.uri)) this.collection.delete(e.document.uri);
    });
  }

  /** Replaces the file's lockout warnings with those of `report`. */
  publish(file: vscode.Uri, model: TopologyModel, report: BondDiffReport): void {
    const deployment = model.deployments.find((d) => d.id === report.deployment);
    const at = deployment?.nameLocation.range ?? deployment?.location.range;
    const keep = (this.collection.get(file) ?? []).filter((d) => !(d as { deployment?: string }).deployment || (d as { deployment?: string }).deployment !== report.deployment);
    const fresh = report.hosts.flatMap((h) =>
      h.problems
        .filter((p) => p.code === DiagnosticCode.LockoutRisk)
        .map((p) => {
          const range = at ? new vscode.Range(at.start.line, at.start.character, at.end.line, at.end.character) : new vscode.Range(0, 0, 0, 0);
          const d = new vscode.Diagnostic(range, `host "${h.host}": ${p.message}`, vscode.DiagnosticSeverity.Warning);
          const [doc, fragment] = diagnosticDocsAnchor(DiagnosticCode.LockoutRisk).split("#");
          d.code = this.docsRoot ? { value: DiagnosticCode.LockoutRisk, target: vscode.Uri.joinPath(this.docsRoot, doc).with({ fragment }) } : DiagnosticCode.LockoutRisk;
          d.source = "harmony";
          return Object.assign(d, { deployment: report.deployment });
        }),
    );
    this.collection.set(file, [...keep, ...fresh]);
  }

  /** The warnings published for a file, for callers that check. */
  get(file: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(file) ?? [];
  }

  dispose(): void {
    this.onEdit.dispose();
    this.collection.dispose();
  }
}
