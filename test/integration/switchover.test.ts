import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import * as k8s from "@kubernetes/client-node";
import { claimsPrimary } from "../../engine/deploy/postgres-live";
import { CloudNativePgStandIn } from "../kube/cnpg-stand-in";
import { runSuffix, testKubeConfig, type SiteContext } from "../kube/kubeconfig";
import { activateExtension, waitFor, workspaceFile } from "./util";

// Switch Over… in a real VS Code against the test kube-apiserver, with a stand-in for the
// CloudNativePG operator writing the status fields it would: the command edits the topology file
// to name the other side primary and deploys, which demotes, waits for the demotion token and
// promotes with it. The plan preview then names the current and the new primary, and a deploy of
// the file swapped back fails back. HARMONY_TEST_KUBECONFIG unset: skipped.
describe("Switch Over… against a cluster in a real VS Code", function () {
  this.timeout(180_000);
  const kubeconfig = process.env.HARMONY_TEST_KUBECONFIG;
  const suffix = runSuffix();
  const [nsA, nsB] = [`a-vscode-${suffix}`, `b-vscode-${suffix}`];
  const file = () => workspaceFile(`orders-${suffix}.topology.ts`);
  const source = [
    `import { k8sAnywhere, failover, deploy, postgres } from "@harmony/topology";`,
    `export const siteA = k8sAnywhere({ name: "site-a", context: "site-a", namespace: "${nsA}" });`,
    `export const siteB = k8sAnywhere({ name: "site-b", context: "site-b", namespace: "${nsB}" });`,
    `export const pair = failover({ name: "pair", primary: siteA, replica: siteB, publicHost: "pg.example.com" });`,
    `export const pg = deploy(pair, postgres({ name: "pg", instances: 1, version: 17 }));`,
    ``,
  ].join("\n");
  let standIn: CloudNativePgStandIn | undefined;

  const cluster = async (context: SiteContext, namespace: string) =>
    (await testKubeConfig(context).makeApiClient(k8s.CustomObjectsApi).getNamespacedCustomObject({ group: "postgresql.cnpg.io", version: "v1", plural: "clusters", namespace, name: "pg" })) as any;
  const both = async () => [await cluster("site-a", nsA), await cluster("site-b", nsB)];
  const livePrimary = async () => (await activateExtension()).exports.ctx.deployStatus.livePrimaries(file()).pg;

  before(async function () {
    if (!kubeconfig) return this.skip();
    await activateExtension();
    await vscode.workspace.fs.writeFile(file(), new TextEncoder().encode(source));
    const harmony = vscode.workspace.getConfiguration("harmony");
    await harmony.update("kubeconfig", kubeconfig, vscode.ConfigurationTarget.Workspace);
    // A user setting only: the first deploy's plain confirmation. A switchover asks regardless.
    await harmony.update("deploy.confirm", false, vscode.ConfigurationTarget.Global);
    standIn = new CloudNativePgStandIn([
      { context: "site-a", namespace: nsA },
      { context: "site-b", namespace: nsB },
    ]);
  });

  after(async () => {
    if (!kubeconfig) return;
    await standIn?.stop();
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    const harmony = vscode.workspace.getConfiguration("harmony");
    await harmony.update("kubeconfig", undefined, vscode.ConfigurationTarget.Workspace);
    await harmony.update("deploy.confirm", undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.fs.delete(file()).then(undefined, () => undefined);
  });

  it("deploys the pair with site-a primary", async () => {
    const summary = (await vscode.commands.executeCommand("harmony.deploy", file().toString(), "pg")) as any;
    assert.ok(summary?.ok, JSON.stringify(summary?.steps));
    const [a, b] = await both();
    assert.deepEqual([claimsPrimary(a), claimsPrimary(b)], [true, false]);
  });

  it("Switch Over… to site-b edits the file and switches the live clusters: exactly one primary, promoted with site-a's token", async () => {
    const summary = (await vscode.commands.executeCommand("harmony.switchOver", file().toString(), "pg", { to: "site-b", confirmed: true })) as any;
    assert.ok(summary?.ok, JSON.stringify(summary));
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file()));
    assert.match(text, /failover\(\{ name: "pair", primary: siteB, replica: siteA, publicHost/);
    const [a, b] = await both();
    assert.deepEqual([claimsPrimary(a), claimsPrimary(b)], [false, true], "exactly one primary: site-b");
    assert.equal(b.status.lastPromotionToken, a.status.demotionToken, "promoted with the token site-a produced");
    // What the designer marks: site-b, as the switchover's last read found it.
    assert.deepEqual((await livePrimary())?.sites, ["site-b"]);
  });

  it("the plan preview of the file swapped back names the current and the new primary; its deploy fails back", async () => {
    // Swapped back in the open document, as a user would type it, and saved.
    const doc = await vscode.workspace.openTextDocument(file());
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), source);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await doc.save();
    const editor = (await vscode.commands.executeCommand("harmony.previewPlan", file().toString(), "pg")) as vscode.TextEditor;
    assert.ok(editor);
    // The plan shows at once; what the live read found lands above its steps when the read is done.
    const header = await waitFor("the live sides in the preview", () => (editor.document.getText().includes("# Live Clusters read at ") ? editor.document.getText() : undefined), 30_000);
    assert.match(header, /^# Deployment plan for pg: .*\n# .*\n# Live Clusters read at /);
    assert.match(header, /# {3}site-b \(context site-b, namespace b-vscode-\w+\): live primary\n/);
    assert.match(header, /# A deploy switches over before this plan: current primary site-b \(context site-b, [^)]*\) → new primary site-a \(context site-a, [^)]*\)/);
    assert.match(header, /switches over before this plan: .*\n# {3}w1 demote: .*\n(# .*\n)*deployment: pg\nsteps:/);
    const read = await livePrimary();
    assert.deepEqual(read?.sites, ["site-b"]);

    const summary = (await vscode.commands.executeCommand("harmony.deploy", file().toString(), "pg", { switchoverConfirmed: true })) as any;
    assert.ok(summary?.ok, JSON.stringify(summary));
    const [a, b] = await both();
    assert.deepEqual([claimsPrimary(a), claimsPrimary(b)], [true, false], "exactly one primary: site-a");
    assert.equal(a.status.lastPromotionToken, b.status.demotionToken);
    assert.deepEqual((await livePrimary())?.sites, ["site-a"]);
    assert.ok((await livePrimary())!.at > read!.at, "a newer read");
  });
});
