import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as vscode from "vscode";
import { activateExtension, workspaceFile } from "./util";

/** The test hosts the integration runner started (scripts/env/docker-hosts.mjs), if any. */
function testHosts(): { hosts: { address: string; sshPort: number }[]; clientKey: string; knownHosts: string } | undefined {
  const file = process.env.HARMONY_TEST_DOCKER_HOSTS;
  return file ? JSON.parse(readFileSync(file, "utf8")) : undefined;
}

function httpGet(address: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const req = get({ host: address, port, path: "/", timeout: 3000 }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve(body.trim()));
    });
    req.on("error", (e: NodeJS.ErrnoException) => resolve(`error ${e.code ?? e.message}`));
  });
}

describe("deploy to Linux hosts", () => {
  it("Deploy… runs a failover Docker deployment on the test hosts: primary, then replica, both serving", async function () {
    const state = testHosts();
    if (!state) return this.skip();
    this.timeout(120_000);
    await activateExtension();
    const [a, b] = state.hosts;
    const file = workspaceFile("hosts.topology.ts");
    writeFileSync(
      file.fsPath,
      [
        `import { linuxHost, failover, deploy, dockerApp } from "@harmony/topology";`,
        `export const a = linuxHost({ name: "edge-a", address: "${a.address}", port: ${a.sshPort}, user: "root", identityFile: ${JSON.stringify(state.clientKey)} });`,
        `export const b = linuxHost({ name: "edge-b", address: "${b.address}", port: ${b.sshPort}, user: "root", identityFile: ${JSON.stringify(state.clientKey)} });`,
        `export const pair = failover({ name: "edge-pair", primary: a, replica: b });`,
        `export const web = deploy(pair, dockerApp({ name: "web", image: "harmony-test/httpd:1", ports: ["18300:8080"] }));`,
        "",
      ].join("\n"),
    );
    // The language server learns of the new file when it opens; until then it has no deployment "web".
    await vscode.workspace.openTextDocument(file);
    let preview: vscode.TextEditor | undefined;
    for (let i = 0; i < 40 && !preview; i++) {
      preview = (await vscode.commands.executeCommand("harmony.previewPlan", file.toString(), "web")) as vscode.TextEditor | undefined;
      if (!preview) await new Promise((r) => setTimeout(r, 500));
    }
    assert.match(preview?.document.getText() ?? "", /over SSH, one host after another/, "Preview Deployment Plan shows the host steps");
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
    const knownHosts = join(mkdtempSync(join(tmpdir(), "harmony-known-")), "known_hosts");
    writeFileSync(knownHosts, state.knownHosts);
    const harmony = vscode.workspace.getConfiguration("harmony");
    await harmony.update("ssh.knownHostsFile", knownHosts, vscode.ConfigurationTarget.Global);
    await harmony.update("deploy.confirm", false, vscode.ConfigurationTarget.Global);
    try {
      const summary = (await vscode.commands.executeCommand("harmony.deploy", file.toString(), "web")) as any;
      assert.ok(summary?.ok, JSON.stringify(summary));
      assert.deepEqual(
        summary.containers.map((c: any) => `${c.target.host} ${c.outcome}`),
        ["edge-a created", "edge-b created"],
      );
      assert.equal(await httpGet(a.address, 18300), "v1");
      assert.equal(await httpGet(b.address, 18300), "v1");
      const api = await activateExtension();
      assert.equal(api.exports.ctx.deployStatus.forFile(file).web?.outcome, "deployed");
    } finally {
      await harmony.update("ssh.knownHostsFile", undefined, vscode.ConfigurationTarget.Global);
      await harmony.update("deploy.confirm", undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
