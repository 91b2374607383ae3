import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { activateExtension, workspaceFile } from "./util";

describe("deploy commands", () => {
  before(async () => {
    await activateExtension();
  });

  it("Preview Deployment Plan opens the plan as read-only YAML, from the CodeLens arguments", async () => {
    const file = workspaceFile("shop.topology.ts");
    const editor = (await vscode.commands.executeCommand("harmony.previewPlan", file.toString(), "ordersDb")) as vscode.TextEditor;
    assert.ok(editor, "an editor opens");
    const doc = editor.document;
    assert.equal(doc.uri.scheme, "harmony-plan");
    assert.equal(doc.languageId, "yaml");
    const text = doc.getText();
    assert.match(text, /^# Deployment plan for ordersDb/);
    assert.match(text, /kind: Cluster/);
    assert.match(text, /action: copy-secrets/);
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
  });

  it("a deployment the checker rejects gets no plan", async () => {
    const file = workspaceFile("shop.topology.ts");
    const editor = await vscode.commands.executeCommand("harmony.previewPlan", file.toString(), "metrics");
    assert.equal(editor, undefined);
  });

  it("Deploy applies the storefront to both contexts of the test server", async function () {
    const kubeconfig = process.env.HARMONY_TEST_KUBECONFIG;
    if (!kubeconfig) return this.skip();
    this.timeout(60_000);
    const harmony = vscode.workspace.getConfiguration("harmony");
    await harmony.update("kubeconfig", kubeconfig, vscode.ConfigurationTarget.Workspace);
    await harmony.update("deploy.confirm", false, vscode.ConfigurationTarget.Workspace);
    try {
      const summary = (await vscode.commands.executeCommand("harmony.deploy", workspaceFile("shop.topology.ts").toString(), "storefront")) as any;
      assert.ok(summary?.ok, JSON.stringify(summary));
      assert.ok(summary.objects.some((o: any) => o.ref === "Deployment shop/storefront" && o.target.context === "site-b"));
      // The designer's record of the run: what it draws on the storefront's edge.
      const api = await activateExtension();
      const status = api.exports.ctx.deployStatus.forFile(workspaceFile("shop.topology.ts")).storefront;
      assert.equal(status?.outcome, "deployed");
      assert.match(status.summary, /storefront/);
    } finally {
      await harmony.update("kubeconfig", undefined, vscode.ConfigurationTarget.Workspace);
      await harmony.update("deploy.confirm", undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
