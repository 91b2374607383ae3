import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import { activateExtension, EXTENSION_ID, waitFor, workspaceFile } from "./util";

describe("Extension in a real VS Code", () => {
  it("is dormant until a topology file opens, then activates", async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, "the extension is installed");
    assert.equal(ext.isActive, false, "nothing activates the extension before a topology file opens");
    const doc = await vscode.workspace.openTextDocument(workspaceFile("shop.topology.ts"));
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.languageId, "harmony-topology");
    await waitFor("activation", () => ext.isActive);
  });

  it("gives plain .ts files to TypeScript and *.topology.ts files to Harmony", async () => {
    const doc = await vscode.workspace.openTextDocument({ language: "typescript", content: "export const x = 1;\n" });
    assert.equal(doc.languageId, "typescript");
  });

  it("lists every command in the Harmony category", async () => {
    const ext = await activateExtension();
    const commands: { command: string; category?: string }[] = ext.packageJSON.contributes.commands;
    assert.ok(commands.length > 0);
    for (const c of commands) assert.equal(c.category, "Harmony", `${c.command} is in the Harmony category`);
    const registered = await vscode.commands.getCommands(true);
    for (const c of commands) assert.ok(registered.includes(c.command), `${c.command} is registered`);
  });

  it("opens a topology file in the Topology Designer", async () => {
    await activateExtension();
    const uri = workspaceFile("shop.topology.ts");
    await vscode.commands.executeCommand("vscode.openWith", uri, "harmony.designer");
    const tab = await waitFor("the designer tab", () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === "harmony.designer"),
    );
    assert.equal((tab.input as vscode.TabInputCustom).uri.fsPath, uri.fsPath);
  });
});
