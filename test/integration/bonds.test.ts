import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import * as k8s from "@kubernetes/client-node";
import { parse as parseYaml } from "yaml";
import { activateExtension, waitFor, workspaceFile } from "./util";

interface ShowBondDiffResult {
  deployment: string;
  changed: string[];
  unchanged: string[];
  opened: "diff" | "changes" | "none";
}

const allTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
const isBondDiff = (t: vscode.Tab) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === "harmony-bonds";
const multiDiffOf = (t: vscode.Tab) => {
  const diffs = (t.input as { textDiffs?: { original?: vscode.Uri; modified?: vscode.Uri }[] } | undefined)?.textDiffs;
  return Array.isArray(diffs) && diffs.some((d) => d.modified?.scheme === "harmony-bonds") ? diffs : undefined;
};

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === "object" ? d.code.value : d.code);

function showBondDiff(states: string[]): Thenable<ShowBondDiffResult | undefined> {
  return vscode.commands.executeCommand<ShowBondDiffResult | undefined>(
    "harmony.showBondDiff",
    workspaceFile("lab.topology.ts"),
    "labBonds",
    { states: states.map((s) => workspaceFile(s).fsPath) },
  );
}

describe("Bond diffs in a real VS Code", () => {
  before(async () => {
    await activateExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("shows worker-1's coming bond in a diff editor and lists worker-0 as unchanged", async () => {
    const result = await showBondDiff(["nns/worker-0.lab.yaml", "nns/worker-1.lab.yaml"]);
    assert.deepEqual(result, { deployment: "labBonds", changed: ["worker-1"], unchanged: ["worker-0"], opened: "diff" });

    const tab = await waitFor("the bond diff tab", () => allTabs().find(isBondDiff));
    assert.equal(tab.label, "worker-1: bond0 (current ↔ desired)");
    const input = tab.input as vscode.TabInputTextDiff;
    const desired = await vscode.workspace.openTextDocument(input.modified);
    const current = await vscode.workspace.openTextDocument(input.original);

    const right = desired.getText();
    assert.match(right, /description: HARMONY - Network bond for host worker-1/);
    assert.match(right, /copy-mac-from: eno1/);
    assert.match(right, /description: Member of bond bond0/);
    assert.match(right, /mode: 802\.3ad/);
    assert.match(right, /miimon: 100/);
    assert.match(right, /- eno2/);

    const left = current.getText();
    assert.match(left, /name: eno1/, "the current side shows the NICs as the node reports them");
    assert.doesNotMatch(left, /HARMONY - Network bond/, "worker-1 is not bonded yet");
    assert.equal(desired.languageId, "yaml");
  });

  it("warns in the Problems panel that worker-1's bond takes the NIC carrying its default route", async () => {
    await showBondDiff(["nns/worker-0.lab.yaml", "nns/worker-1.lab.yaml"]);
    const lockout = await waitFor("the lockout warning", () => {
      const found = vscode.languages.getDiagnostics(workspaceFile("lab.topology.ts")).filter((d) => codeOf(d) === "HARMONY1301");
      return found.length ? found : undefined;
    });
    assert.equal(lockout.length, 1);
    assert.equal(lockout[0].severity, vscode.DiagnosticSeverity.Warning);
    assert.match(lockout[0].message, /host "worker-1": bonding eno1 into bond0 may cut node worker-1\.lab off: eno1 carries the default route 0\.0\.0\.0\/0 via 10\.10\.0\.1/);
  });

  it("keeps the diff's documents read-only: typing in the diff editor changes nothing", async () => {
    await showBondDiff(["nns/worker-0.lab.yaml", "nns/worker-1.lab.yaml"]);
    await waitFor("the bond diff tab", () => allTabs().find(isBondDiff));
    const editor = await waitFor("the diff's desired side", () =>
      vscode.window.activeTextEditor?.document.uri.scheme === "harmony-bonds" ? vscode.window.activeTextEditor : undefined,
    );
    const before = editor.document.getText();
    await vscode.commands.executeCommand("type", { text: "# edited\n" });
    assert.equal(editor.document.getText(), before);
    assert.equal(editor.document.isDirty, false);
  });

  it("opens every changed host in the multi-diff editor, one entry per host", async () => {
    // Only worker-1's state: worker-0's is unknown, so both hosts change.
    const result = await showBondDiff(["nns/worker-1.lab.yaml"]);
    assert.ok(result);
    assert.equal(result.opened, "changes");
    assert.deepEqual(result.changed, ["worker-0", "worker-1"]);
    assert.deepEqual(result.unchanged, []);

    const tab = await waitFor("the multi-diff tab", () => allTabs().find((t) => multiDiffOf(t)));
    const diffs = multiDiffOf(tab)!;
    assert.equal(diffs.length, 2);
    const texts = await Promise.all(diffs.map(async (d) => (await vscode.workspace.openTextDocument(d.modified!)).getText()));
    assert.ok(texts.some((t) => t.includes("HARMONY - Network bond for host worker-0")));
    assert.ok(texts.some((t) => t.includes("HARMONY - Network bond for host worker-1")));
    const worker0Current = await vscode.workspace.openTextDocument(diffs.find((d) => d.modified!.path.endsWith("/worker-0.yaml"))!.original!);
    assert.equal(worker0Current.getText(), "", "a host with no NodeNetworkState has no current state");
  });

  it("says a malformed NodeNetworkState file's name and line instead of diffing", async () => {
    const broken = workspaceFile("nns/broken.yaml");
    await vscode.workspace.fs.writeFile(broken, new TextEncoder().encode("kind: NodeNetworkState\nmetadata: {name: [\n"));
    try {
      const result = await showBondDiff(["nns/broken.yaml"]);
      assert.equal(result, undefined);
      assert.equal(allTabs().some(isBondDiff), false);
    } finally {
      await vscode.workspace.fs.delete(broken);
    }
  });
});

// Needs a kube-apiserver: `eval "$(node scripts/env/kube.mjs start)"` before the run sets
// HARMONY_TEST_KUBECONFIG (contexts site-a and site-b); without it these tests are skipped.
describe("Bond diffs against a cluster in a real VS Code", () => {
  const kubeconfig = process.env.HARMONY_TEST_KUBECONFIG;
  const group = "nmstate.io";
  const version = "v1beta1";
  const plural = "nodenetworkstates";
  const suffix = Math.random().toString(36).slice(2, 7);
  const node = (n: number) => `worker-${n}.${suffix}.lab`;
  const topology = () => workspaceFile(`lab-${suffix}.topology.ts`);
  const master = `master-${suffix}`;
  let custom: k8s.CustomObjectsApi;

  before(async function () {
    if (!kubeconfig) return this.skip();
    await activateExtension();
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfig);
    kc.setCurrentContext("site-a");
    custom = kc.makeApiClient(k8s.CustomObjectsApi);
    for (const n of [0, 1]) {
      const sample = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile(`nns/worker-${n}.lab.yaml`)));
      // The samples' status, as the nmstate handler would write it through the status subresource.
      const status = parseYaml(sample).status;
      const name = node(n);
      await custom.createClusterCustomObject({ group, version, plural, body: { apiVersion: `${group}/${version}`, kind: "NodeNetworkState", metadata: { name } } });
      await custom.patchClusterCustomObjectStatus(
        { group, version, plural, name, body: { status } },
        k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
      );
    }
    // A node the topology does not list yet, as the nmstate handler would report it.
    await custom.createClusterCustomObject({ group, version, plural, body: { apiVersion: `${group}/${version}`, kind: "NodeNetworkState", metadata: { name: master } } });
    const masterStatus = {
      currentState: {
        interfaces: [
          { name: "lo", type: "loopback", state: "up" },
          { name: "enp1s0", type: "ethernet", state: "up", "mac-address": "52:54:00:AA:00:01", "permanent-mac-address": "52:54:00:AA:00:01" },
          { name: "br-ex", type: "ovs-interface", state: "up", "mac-address": "52:54:00:AA:00:01" },
        ],
      },
    };
    await custom.patchClusterCustomObjectStatus({ group, version, plural, name: master, body: { status: masterStatus } }, k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch));
    // The lab, on the test server's context, with this run's node names.
    const lab = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile("lab.topology.ts")));
    const text = lab.replace(/context: "okd-lab"/, 'context: "site-a"').replace(/worker-(\d)\.lab/g, (_m, n) => node(Number(n)));
    await vscode.workspace.fs.writeFile(topology(), new TextEncoder().encode(text));
    await vscode.workspace.getConfiguration("harmony").update("kubeconfig", kubeconfig, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    if (!kubeconfig) return;
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    await vscode.workspace.getConfiguration("harmony").update("kubeconfig", undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.fs.delete(topology()).then(undefined, () => undefined);
    for (const n of [0, 1]) await custom.deleteClusterCustomObject({ group, version, plural, name: node(n) }).catch(() => undefined);
    await custom.deleteClusterCustomObject({ group, version, plural, name: master }).catch(() => undefined);
  });

  it("reads the nodes' NodeNetworkStates with the topology's context and diffs worker-1", async () => {
    const result = await vscode.commands.executeCommand<ShowBondDiffResult | undefined>("harmony.showBondDiff", topology(), "labBonds", {
      source: "cluster",
    });
    assert.deepEqual(result, { deployment: "labBonds", changed: ["worker-1"], unchanged: ["worker-0"], opened: "diff" });
    const tab = await waitFor("the bond diff tab", () => allTabs().find(isBondDiff));
    const desired = await vscode.workspace.openTextDocument((tab.input as vscode.TabInputTextDiff).modified);
    assert.match(desired.getText(), /HARMONY - Network bond for host worker-1/);
  });

  it("imports the cluster's hosts into the okdCluster from its code action: the new node is appended, the known ones kept", async () => {
    const doc = await vscode.workspace.openTextDocument(topology());
    await vscode.window.showTextDocument(doc);
    const inside = doc.positionAt(doc.getText().indexOf("okdCluster({") + 3);
    const actions = await waitFor("the Import Hosts code action", async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", doc.uri, new vscode.Range(inside, inside), vscode.CodeActionKind.Refactor.value);
      const found = (all ?? []).filter((a) => a.title === "Import Hosts from Cluster into lab");
      return found.length ? found : undefined;
    });
    const command = actions[0].command!;
    const before = doc.getText();
    const result = await vscode.commands.executeCommand<{ topology: string; hosts: string[]; written: boolean }>(command.command, ...(command.arguments ?? []), { write: true });
    assert.ok(result);
    assert.equal(result.written, true);
    assert.ok(result.hosts.includes(master) && result.hosts.includes("worker-0") && result.hosts.includes("worker-1"), result.hosts.join(", "));
    const after = doc.getText();
    assert.ok(after.includes(`      name: "${master}",\n      nics: [\n        { name: "enp1s0", mac: "52:54:00:aa:00:01" },\n      ],`), after);
    assert.doesNotMatch(after, /br-ex|"lo"/);
    // What was there stays: the comments, and worker-0's NICs with their switch ports.
    assert.ok(after.includes(`{ name: "eno2", mac: "aa:bb:cc:00:00:02", switchPort: "Ethernet1/2" },`));
    assert.ok(after.startsWith(before.slice(0, before.indexOf("export const lab"))));
    // One edit: one undo brings the file back.
    await vscode.commands.executeCommand("undo");
    assert.equal(doc.getText(), before);
  });
});
