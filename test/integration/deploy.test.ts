import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import * as vscode from "vscode";
import { parse, stringify } from "yaml";
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
    // A user setting only: a workspace cannot turn confirmation off.
    await harmony.update("deploy.confirm", false, vscode.ConfigurationTarget.Global);
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
      await harmony.update("deploy.confirm", undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("Deploy and What-if use every path of KUBECONFIG when harmony.kubeconfig is empty", async function () {
    const kubeconfig = process.env.HARMONY_TEST_KUBECONFIG;
    if (!kubeconfig) return this.skip();
    this.timeout(60_000);
    // The test server's kubeconfig in two files: site-b's context only in the second.
    const dir = mkdtempSync(join(tmpdir(), "harmony-kubeconfig-paths-"));
    const kc = parse(readFileSync(kubeconfig, "utf8"));
    const a = join(dir, "a.yaml");
    const b = join(dir, "b.yaml");
    writeFileSync(a, stringify({ ...kc, contexts: kc.contexts.filter((c: { name: string }) => c.name === "site-a") }));
    writeFileSync(b, stringify({ contexts: kc.contexts.filter((c: { name: string }) => c.name === "site-b") }));
    const before = process.env.KUBECONFIG;
    // The extension host is this process: its environment is the extension's.
    process.env.KUBECONFIG = [a, b].join(delimiter);
    const harmony = vscode.workspace.getConfiguration("harmony");
    await harmony.update("deploy.confirm", false, vscode.ConfigurationTarget.Global);
    try {
      const file = workspaceFile("shop.topology.ts").toString();
      const summary = (await vscode.commands.executeCommand("harmony.deploy", file, "storefront")) as any;
      assert.ok(summary?.ok, JSON.stringify(summary));
      assert.ok(summary.objects.some((o: any) => o.target.context === "site-b"));
      // A number of changed objects, not undefined: the kubeconfig opened and the dry run ran.
      const changed = await vscode.commands.executeCommand("harmony.whatIf", file, "storefront");
      assert.equal(typeof changed, "number");
      await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    } finally {
      if (before === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = before;
      await harmony.update("deploy.confirm", undefined, vscode.ConfigurationTarget.Global);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
