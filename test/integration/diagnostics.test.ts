import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { activateExtension, waitFor, workspaceFile } from "./util";

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === "object" ? String(d.code.value) : String(d.code);
}

describe("Checker diagnostics in the Problems panel", () => {
  const uri = workspaceFile("shop.topology.ts");

  before(async () => {
    await activateExtension();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  });

  it("flags the Docker app deployed to the Kubernetes failover with HARMONY1001, once", async () => {
    const diags = await waitFor("HARMONY1001 on shop.topology.ts", () => {
      const all = vscode.languages.getDiagnostics(uri);
      return all.some((d) => codeOf(d) === "HARMONY1001") ? all : undefined;
    }, 45_000);
    const capability = diags.filter((d) => codeOf(d) === "HARMONY1001");
    assert.equal(capability.length, 1, `one capability error, got: ${capability.map((d) => d.message).join(" | ")}`);
    const [d] = capability;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /shop/);
    assert.match(d.message, /Docker/);
    assert.match(d.message, /metrics/);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.lineAt(d.range.start.line).text, /metrics/, "the diagnostic sits on the metrics deployment");
    // TypeScript's own assignability error for the same call is not shown a second time.
    const sameLine = diags.filter((x) => x.range.start.line === d.range.start.line && codeOf(x) !== "HARMONY1001");
    assert.deepEqual(sameLine.map((x) => `${codeOf(x)} ${x.message}`), []);
    assert.ok(typeof d.code === "object" && /diagnostics\.md#harmony1001/i.test(String(d.code.target)), "the code links to its documentation");
  });

  it("fixes it with a quick fix that deploys to a topology providing Docker", async () => {
    const [d] = vscode.languages.getDiagnostics(uri).filter((x) => codeOf(x) === "HARMONY1001");
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      "vscode.executeCodeActionProvider",
      uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const titles = actions.map((a) => a.title);
    const fix = actions.find((a) => /edge/.test(a.title));
    assert.ok(fix, `a quick fix names the edge host; offered: ${titles.join(" | ")}`);
    if (fix.edit) await vscode.workspace.applyEdit(fix.edit);
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.getText(), /export const metrics = deploy\(edge, dockerApp\(/);
    await waitFor("HARMONY1001 to clear", () => !vscode.languages.getDiagnostics(uri).some((x) => codeOf(x) === "HARMONY1001"), 20_000);
    await vscode.commands.executeCommand("undo");
  });
});
