// A workspace the user has not trusted (Restricted Mode): checking and designing work, nothing
// reads or changes a cluster. The kubeconfig points every context at a TCP listener of the test's
// own, so a read that slipped through would show as a connection to it.
import * as assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import { stringify } from "yaml";
import { activateExtension, waitFor, workspaceFile } from "./util";

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === "object" ? String(d.code.value) : String(d.code));

interface Listener {
  server: Server;
  port: number;
  /** Connections since the current test began. */
  connections: () => number;
  /** Settles on the next connection: a command that reaches the cluster fails its test at once. */
  nextConnection: () => Promise<"connected to the cluster">;
  /** Starts counting afresh, so one test's connections do not fail the next. */
  reset: () => void;
}

/** A cluster address that records who connects to it and answers nothing. */
async function listener(): Promise<Listener> {
  let count = 0;
  let waiting: (() => void)[] = [];
  const server = createServer((socket: Socket) => {
    count++;
    for (const reached of waiting) reached();
    waiting = [];
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the listener has no port");
  return {
    server,
    port: address.port,
    connections: () => count,
    nextConnection: () => new Promise((resolve) => waiting.push(() => resolve("connected to the cluster"))),
    reset: () => (count = 0),
  };
}

function kubeconfigFor(port: number): string {
  const contexts = ["okd-lab", "site-a", "site-b"];
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "listener", cluster: { server: `https://127.0.0.1:${port}`, "insecure-skip-tls-verify": true } }],
    users: [{ name: "admin", user: { token: "restricted-mode-test" } }],
    contexts: contexts.map((name) => ({ name, context: { cluster: "listener", user: "admin", namespace: "default" } })),
    "current-context": "okd-lab",
  });
}

/**
 * Records the error notifications the extension shows, and still shows them. The test shares the
 * extension's `vscode` API object, so this sees what the user sees.
 */
function recordErrors(): { messages: string[]; restore: () => void } {
  const messages: string[] = [];
  const window = vscode.window as { showErrorMessage: (...args: unknown[]) => unknown };
  const original = window.showErrorMessage;
  window.showErrorMessage = (...args: unknown[]) => {
    messages.push(String(args[0]));
    return original.apply(vscode.window, args);
  };
  return { messages, restore: () => (window.showErrorMessage = original) };
}

describe("An untrusted workspace (Restricted Mode)", () => {
  let cluster: Listener;
  /** The command's result, or the connection it made to the cluster, whichever comes first. */
  const runOrConnect = (command: string, ...args: unknown[]) =>
    Promise.race([vscode.commands.executeCommand(command, ...args), cluster.nextConnection()]);
  let dir: string;
  let errors: ReturnType<typeof recordErrors>;

  before(async () => {
    await activateExtension();
    cluster = await listener();
    dir = mkdtempSync(join(tmpdir(), "harmony-restricted-"));
    const kubeconfig = join(dir, "kubeconfig");
    writeFileSync(kubeconfig, kubeconfigFor(cluster.port));
    // User settings: the kubeconfig would be honoured even here, and nothing asks before a deploy.
    const harmony = vscode.workspace.getConfiguration("harmony");
    await harmony.update("kubeconfig", kubeconfig, vscode.ConfigurationTarget.Global);
    await harmony.update("deploy.confirm", false, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    const harmony = vscode.workspace.getConfiguration("harmony");
    await harmony.update("kubeconfig", undefined, vscode.ConfigurationTarget.Global);
    await harmony.update("deploy.confirm", undefined, vscode.ConfigurationTarget.Global);
    cluster?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    cluster.reset();
    errors = recordErrors();
  });
  afterEach(async () => {
    errors.restore();
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  it("is not trusted", () => {
    assert.equal(vscode.workspace.isTrusted, false, "the workbench opened the folder in Restricted Mode");
  });

  it("still checks topologies: shop.topology.ts gets its HARMONY1001 diagnostic", async () => {
    const uri = workspaceFile("shop.topology.ts");
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const diags = await waitFor("HARMONY1001 on shop.topology.ts", () => {
      const all = vscode.languages.getDiagnostics(uri);
      return all.some((d) => codeOf(d) === "HARMONY1001") ? all : undefined;
    }, 45_000);
    const [d] = diags.filter((x) => codeOf(x) === "HARMONY1001");
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /metrics/);
  });

  it("Show Bond Diff does not read the cluster and says why", async () => {
    const result = await runOrConnect("harmony.showBondDiff", workspaceFile("lab.topology.ts"), "labBonds", { source: "cluster" });
    assert.equal(cluster.connections(), 0, "nothing connected to the cluster's address");
    assert.equal(result, undefined, "no diff opens");
    assert.ok(
      errors.messages.some((m) => /untrusted workspace/.test(m) && /trust this workspace/i.test(m)),
      `an error names the reason and the way out; shown: ${JSON.stringify(errors.messages)}`,
    );
  });

  it("Show Bond Diff still compares NodeNetworkState files", async () => {
    const states = ["nns/worker-0.lab.yaml", "nns/worker-1.lab.yaml"].map((s) => workspaceFile(s).fsPath);
    const result = await vscode.commands.executeCommand("harmony.showBondDiff", workspaceFile("lab.topology.ts"), "labBonds", { states });
    assert.deepEqual(result, { deployment: "labBonds", changed: ["worker-1"], unchanged: ["worker-0"], opened: "diff" });
    assert.equal(cluster.connections(), 0);
  });

  it("Deploy refuses, says why, and changes no cluster", async () => {
    const summary = await runOrConnect("harmony.deploy", workspaceFile("shop.topology.ts").toString(), "storefront");
    assert.equal(cluster.connections(), 0, "nothing connected to the cluster's address");
    assert.equal(summary, undefined, "no deploy ran");
    assert.ok(
      errors.messages.some((m) => /Deploying is off in untrusted workspaces/.test(m)),
      `shown: ${JSON.stringify(errors.messages)}`,
    );
  });

  it("What-if refuses and reads no cluster", async () => {
    const changed = await runOrConnect("harmony.whatIf", workspaceFile("shop.topology.ts").toString(), "storefront");
    assert.equal(cluster.connections(), 0, "nothing connected to the cluster's address");
    assert.equal(changed, undefined);
    assert.ok(errors.messages.some((m) => /untrusted workspaces/.test(m)), `shown: ${JSON.stringify(errors.messages)}`);
  });
});
