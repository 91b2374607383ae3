import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { activateExtension, waitFor, workspaceFile } from "./util";

describe("Compare Diagram with…", function () {
  this.timeout(60_000);
  const folder = () => workspaceFile("review").fsPath;
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=Reviewer", "-c", "user.email=reviewer@example.com", "-c", "commit.gpgsign=false", ...args], { cwd: folder(), encoding: "utf8" });

  // A repository of its own in the workspace: the shop as committed, then edited in the working tree.
  before(async () => {
    await activateExtension();
    mkdirSync(folder(), { recursive: true });
    const shop = readFileSync(workspaceFile("shop.topology.ts").fsPath, "utf8");
    writeFileSync(join(folder(), "shop.topology.ts"), shop);
    git("init", "-q");
    git("add", "shop.topology.ts");
    git("commit", "-q", "-m", "the shop");
    writeFileSync(
      join(folder(), "shop.topology.ts"),
      shop
        .replace("replicas: 3", "replicas: 5")
        .replace("export const cache = deploy(edge,", 'export const edge2 = linuxHost({ name: "edge-2", address: "10.0.0.6" });\nexport const cache = deploy(edge2,'),
    );
  });
  after(async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    rmSync(folder(), { recursive: true, force: true });
  });

  it("draws the working tree's changes since HEAD in a panel, through the Git extension", async () => {
    const file = workspaceFile("review/shop.topology.ts");
    const result = (await vscode.commands.executeCommand("harmony.compareDiagram", file, "HEAD")) as any;
    assert.ok(result?.ok, JSON.stringify(result));
    const rows = result.changes.map((c: any) => `${c.change} ${c.subject} ${c.name} ${c.details}`);
    assert.deepEqual(rows, ["added topology edge-2 ", "changed score storefront replicas", "moved deployment cache edge-1 → edge-2"]);
    assert.match(result.svg, /<title>linuxHost edge-2<\/title><rect [^>]*stroke="#(388a34|89d185)"/, "edge-2 drawn as added");
    assert.match(result.svg, />moved from edge-1</);
    const tab = await waitFor("the diagram panel", () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === "Diagram: shop.topology.ts ↔ HEAD"),
    );
    assert.ok(tab.input instanceof vscode.TabInputWebview, "the picture opens in a webview panel");
  });

  it("takes the file of an SCM diff's git: side", async () => {
    const file = workspaceFile("review/shop.topology.ts");
    const gitSide = file.with({ scheme: "git", query: JSON.stringify({ path: file.fsPath, ref: "~" }) });
    const result = (await vscode.commands.executeCommand("harmony.compareDiagram", gitSide, "HEAD")) as any;
    assert.ok(result?.ok, JSON.stringify(result));
    assert.equal(result.changes.length, 3);
  });

  it("is offered in the title bar of a topology file's diff", async () => {
    const pkg = vscode.extensions.getExtension("nationtech.harmony-topology-designer")!.packageJSON;
    const entry = pkg.contributes.menus["editor/title"].find((m: any) => m.command === "harmony.compareDiagram");
    assert.match(entry.when, /isInDiffEditor/);
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes("harmony.compareDiagram"));
  });
});
