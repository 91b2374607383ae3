import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { MessageConnection } from "vscode-jsonrpc/node";
import { PlanOpRequest, WatchModelNotification, type ModelResult } from "../../../shared/protocol/lsp";
import type { DesignerOp } from "../../../shared/protocol/webview";
import { fixture, fixtures } from "./fixtures";
import { startServer, until, type Published, type ServerSession } from "./server-session";

describe("The language server", function () {
  this.timeout(60_000);
  let session: ServerSession;
  let connection: MessageConnection;
  let published: Published[];
  let pushed: ModelResult[];
  const shop = pathToFileURL(fixture("shop.topology.ts")).href;

  before(async () => {
    session = await startServer(fixtures, "fixtures");
    ({ connection, published, pushed } = session);
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri: shop, languageId: "harmony-topology", version: 1, text: fs.readFileSync(fixture("shop.topology.ts"), "utf8") },
    });
  });

  after(async () => {
    await session?.stop();
  });

  it("publishes diagnostics with a link to their documentation", async () => {
    const p = await until(() => published.find((x) => x.uri === shop && x.diagnostics.length > 0));
    const d = p.diagnostics.find((x) => x.code === "HARMONY1001")!;
    assert.ok(d);
    assert.match(d.codeDescription!.href, /docs\/diagnostics\.md#harmony1001$/);
  });

  it("says, like rustc, that neither side of a failover provides the capability, with each side's definition", async () => {
    const p = await until(() => published.find((x) => x.uri === shop && x.diagnostics.some((d) => d.code === "HARMONY1001")));
    const d = p.diagnostics.find((x) => x.code === "HARMONY1001")!;
    assert.match(
      d.message,
      /neither side provides Docker: "site-a" \(k8sAnywhere\) and "site-b" \(k8sAnywhere\); a failover provides a capability only when both sides do and it has a failover strategy$/,
    );
    assert.doesNotMatch(d.message, /\?/);
    assert.deepEqual(
      d.relatedInformation!.map((r) => [r.location.uri, r.location.range.start.line, r.message.split(";")[0]]),
      [
        [shop, 3, `primary "site-a" (k8sAnywhere) is defined here`],
        [shop, 4, `replica "site-b" (k8sAnywhere) is defined here`],
      ],
    );
  });

  it("shows a failover's side by its text, never `?`, when its kind cannot be read", async () => {
    const uri = pathToFileURL(fixture("helper-failover.topology.ts")).href;
    const text = [
      `import { k8sAnywhere, failover, deploy, dockerApp } from "@harmony/topology";`,
      `declare const somewhere: ReturnType<typeof k8sAnywhere>;`,
      `export const pair = failover({ name: "pair", primary: k8sAnywhere({ name: "a" }), replica: somewhere });`,
      `export const web = deploy(pair, dockerApp({ name: "web", image: "nginx" }));`,
    ].join("\n");
    await connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "harmony-topology", version: 1, text } });
    const p = await until(() => published.find((x) => x.uri === uri && x.diagnostics.some((d) => d.code === "HARMONY1001")));
    const d = p.diagnostics.find((x) => x.code === "HARMONY1001")!;
    assert.match(d.message, /topology "pair" \(failover of k8sAnywhere, `somewhere`\)/);
    assert.match(d.message, /neither side provides Docker: "a" \(k8sAnywhere\) and `somewhere`/);
    assert.doesNotMatch(d.message, /\?/);
    await connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
  });

  it("pushes a watched file's model at once", async () => {
    await connection.sendNotification(WatchModelNotification, { uri: shop, watch: true });
    const first = await until(() => pushed.find((m) => m.uri === shop));
    assert.equal(first.version, 1);
    assert.equal(first.model.deployments.length, 5);
    assert.ok(first.diagnostics.some((d) => d.code === "HARMONY1001"));
    await connection.sendNotification(WatchModelNotification, { uri: shop, watch: false });
  });

  it("plans a canvas op against the document at the version the canvas drew, and refuses an older one", async () => {
    const m: ModelResult = await connection.sendRequest("harmony/model", { uri: shop });
    const target = m.model.scores.find((sc) => sc.name === "web" || sc.id.endsWith("web"));
    assert.ok(target, m.model.scores.map((sc) => sc.id).join(", "));
    const renamed = await connection.sendRequest(PlanOpRequest, { uri: shop, baseVersion: 1, op: { kind: "rename", id: target.id, newName: "front" } });
    assert.ok(renamed.ok, !renamed.ok ? renamed.message : "");
    assert.equal(renamed.version, 1);
    const text = fs.readFileSync(fixture("shop.topology.ts"), "utf8");
    const [edit] = renamed.edits;
    const line = text.split("\n")[edit.range.start.line];
    assert.match(line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character), /"front"/);
    const stale = await connection.sendRequest(PlanOpRequest, { uri: shop, baseVersion: 0, op: { kind: "rename", id: target.id, newName: "front" } });
    assert.equal(stale.ok, false);
    assert.ok(!stale.ok && stale.stale);
    assert.match(!stale.ok ? stale.message : "", /changed/);
  });

  describe("a canvas op's edit, checked while the editor applies it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harmony-ahead-"));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));
    type Edit = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
    let n = 0;

    /** Opens a fresh copy of the shop fixture, watched as a designer watches it, and plans `op` on it. */
    async function planned(op: DesignerOp): Promise<{ uri: string; edits: Edit[] }> {
      const uri = pathToFileURL(path.join(dir, `ahead${++n}.topology.ts`)).href;
      await connection.sendNotification("textDocument/didOpen", {
        textDocument: { uri, languageId: "harmony-topology", version: 1, text: fs.readFileSync(fixture("shop.topology.ts"), "utf8") },
      });
      await connection.sendNotification(WatchModelNotification, { uri, watch: true });
      await until(() => pushed.find((m) => m.uri === uri && m.version === 1));
      const plan = await connection.sendRequest(PlanOpRequest, { uri, baseVersion: 1, op });
      assert.ok(plan.ok, !plan.ok ? plan.message : "");
      return { uri, edits: plan.edits };
    }
    const change = (uri: string, version: number, edits: Edit[]) =>
      connection.sendNotification("textDocument/didChange", {
        textDocument: { uri, version },
        contentChanges: [...edits].reverse().map((e) => ({ range: e.range, text: e.newText })),
      });

    it("the planned edit, once applied, is what the model and the diagnostics show", async () => {
      const { uri, edits } = await planned({ kind: "rename", id: "web.score", newName: "front" });
      await change(uri, 2, edits);
      const m = await until(() => pushed.find((x) => x.uri === uri && x.version === 2));
      assert.ok(m.model.scores.some((sc) => sc.name === "front"), m.model.scores.map((sc) => sc.name).join(", "));
      const p = await until(() => published.find((x) => x.uri === uri && x.version === 2));
      assert.ok(p.diagnostics.some((d) => d.code === "HARMONY1001"));
    });

    it("another change than the planned one is checked as the editor has it", async () => {
      const { uri } = await planned({ kind: "rename", id: "web.score", newName: "front" });
      // The user typed instead (line 13: `web`'s image), and the planned edit never came.
      await change(uri, 2, [{ range: { start: { line: 12, character: 67 }, end: { line: 12, character: 72 } }, newText: "httpd" }]);
      const m = await until(() => pushed.find((x) => x.uri === uri && x.version === 2));
      const web = m.model.scores.find((sc) => sc.name === "web");
      assert.ok(web, m.model.scores.map((sc) => sc.name).join(", "));
      assert.match(JSON.stringify(web), /"httpd"/);
    });

    it("a request between the plan and its edit reads the text the editor has", async () => {
      // Deleting `cache` (line 10) moves every later line up by one in the planned text.
      const { uri } = await planned({ kind: "delete", id: "cache" });
      await new Promise((r) => setTimeout(r, 50));
      // `siteA` in line 11 (`api`), as the editor still has it: defined in line 4.
      const defs: { uri: string; range: { start: { line: number } } }[] = await connection.sendRequest("textDocument/definition", {
        textDocument: { uri },
        position: { line: 10, character: 28 },
      });
      assert.deepEqual(defs.map((d) => d.range.start.line), [3]);
    });
  });

  it("offers quick fixes: deploy to a topology that provides it, or remove the deployment", async () => {
    const p = await until(() => published.find((x) => x.uri === shop && x.diagnostics.length > 0));
    const actions: { title: string; edit: { changes: Record<string, { newText: string }[]> } }[] = await connection.sendRequest(
      "textDocument/codeAction",
      { textDocument: { uri: shop }, range: p.diagnostics[0].range, context: { diagnostics: p.diagnostics } },
    );
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes(`Deploy "web" to edge (provides Docker)`), titles.join("; "));
    assert.ok(titles.includes("Remove deployment web"), titles.join("; "));
    const deployToEdge = actions.find((a) => a.title.startsWith(`Deploy "web" to edge`))!;
    assert.equal(deployToEdge.edit.changes[shop][0].newText, "edge");
  });

  it("puts Preview plan, Deploy and Open in designer above each deployment, only Open in designer where it cannot deploy", async () => {
    const lenses: { command: { command: string; arguments: unknown[] } }[] = await connection.sendRequest("textDocument/codeLens", {
      textDocument: { uri: shop },
    });
    // web (dockerApp on Kubernetes sites) cannot run, and redis (helmChart) has no deploy interpreter: no plan to preview.
    assert.equal(lenses.length, 3 * 3 + 2);
    assert.deepEqual(lenses.filter((l) => l.command.arguments[1] === "redis").map((l) => l.command.command), ["harmony.openDesigner"]);
    assert.deepEqual(lenses.filter((l) => l.command.arguments[1] === "cache").map((l) => l.command.command), ["harmony.previewPlan", "harmony.deploy", "harmony.openDesigner"]);
    assert.deepEqual(lenses.slice(0, 3).map((l) => l.command.command), ["harmony.previewPlan", "harmony.deploy", "harmony.openDesigner"]);
    assert.deepEqual(lenses[0].command.arguments, [shop, "db"]);
  });

  it("outlines topologies and deployments", async () => {
    const symbols: { name: string }[] = await connection.sendRequest("textDocument/documentSymbol", { textDocument: { uri: shop } });
    assert.deepEqual(symbols.map((s) => s.name), ["siteA", "siteB", "edge", "shop", "db", "cache", "api", "redis", "web"]);
  });

  it("shows the library's documentation on hover and completes its factories", async () => {
    const h: { contents: { value: string } } = await connection.sendRequest("textDocument/hover", {
      textDocument: { uri: shop },
      position: { line: 3, character: 25 },
    });
    assert.match(h.contents.value, /Any Kubernetes cluster/);
    const c: { items: { label: string }[] } = await connection.sendRequest("textDocument/completion", {
      textDocument: { uri: shop },
      position: { line: 12, character: 28 },
    });
    assert.ok(c.items.some((i) => i.label === "siteA"));
    const s: { signatures: { label: string }[] } = await connection.sendRequest("textDocument/signatureHelp", {
      textDocument: { uri: shop },
      position: { line: 12, character: 29 },
    });
    assert.match(s.signatures[0].label, /^deploy\(topology: Topology</);
  });

  it("goes to the definition of a topology", async () => {
    const defs: { uri: string; range: { start: { line: number } } }[] = await connection.sendRequest("textDocument/definition", {
      textDocument: { uri: shop },
      position: { line: 12, character: 30 },
    });
    assert.equal(defs[0].uri, shop);
    assert.equal(defs[0].range.start.line, 6);
  });

  it("answers harmony/model and harmony/workspaceModels", async () => {
    const m: { version: number; model: { deployments: unknown[] } } = await connection.sendRequest("harmony/model", { uri: shop });
    assert.equal(m.version, 1);
    assert.equal(m.model.deployments.length, 5);
    const all: { files: { uri: string }[] } = await connection.sendRequest("harmony/workspaceModels");
    assert.ok(all.files.length >= 10);
    assert.ok(all.files.some((f) => f.uri === shop));
  });

  it("re-checks an open file when a file it imports changes", async () => {
    const apps = pathToFileURL(fixture("apps.topology.ts")).href;
    const sites = pathToFileURL(fixture("sites.topology.ts")).href;
    const sitesText = fs.readFileSync(fixture("sites.topology.ts"), "utf8");
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri: apps, languageId: "harmony-topology", version: 1, text: fs.readFileSync(fixture("apps.topology.ts"), "utf8") },
    });
    await connection.sendNotification("textDocument/didOpen", { textDocument: { uri: sites, languageId: "harmony-topology", version: 1, text: sitesText } });
    await until(() => published.find((x) => x.uri === apps && x.diagnostics.some((d) => d.code === "HARMONY1003")));
    const before = published.length;
    const line = sitesText.split("\n").findIndex((l) => l.startsWith("export const box"));
    await connection.sendNotification("textDocument/didChange", {
      textDocument: { uri: sites, version: 2 },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: `export const box = k8sAnywhere({ name: "box" });\n` }],
    });
    const p = await until(() => published.slice(before).find((x) => x.uri === apps));
    assert.deepEqual(p.diagnostics.map((d) => d.code).filter((c) => c !== "HARMONY1004"), ["HARMONY1001", "HARMONY1001"]);
  });

  it("re-checks after an edit: fixing the deployment clears its diagnostic, and a watched model follows", async () => {
    await connection.sendNotification(WatchModelNotification, { uri: shop, watch: true });
    await until(() => pushed.find((m) => m.uri === shop));
    const before = published.length;
    await connection.sendNotification("textDocument/didChange", {
      textDocument: { uri: shop, version: 2 },
      contentChanges: [{ range: { start: { line: 12, character: 28 }, end: { line: 12, character: 32 } }, text: "edge" }],
    });
    const p = await until(() => published.slice(before).find((x) => x.uri === shop));
    // What is left is that Helm charts have no deploy interpreter yet.
    assert.deepEqual(p.diagnostics.map((d) => [d.code, (d.data as { subject?: string }).subject]), [["HARMONY1004", "redis"]]);
    const m = await until(() => pushed.find((x) => x.uri === shop && x.version === 2));
    assert.deepEqual(m.diagnostics.map((d) => d.code), ["HARMONY1004"]);
  });

  it("does not re-check or re-push an open document when its own file is saved", async () => {
    await connection.sendNotification(WatchModelNotification, { uri: shop, watch: true });
    await until(() => pushed.find((m) => m.uri === shop));
    await new Promise((r) => setTimeout(r, 400));
    const [publishedBefore, pushedBefore] = [published.length, pushed.length];
    // What an editor with autosave sends after every edit: the open file changed on disk.
    await connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: shop, type: 2 }] });
    await new Promise((r) => setTimeout(r, 600));
    assert.equal(published.length - publishedBefore, 0, "diagnostics published again");
    assert.equal(pushed.length - pushedBefore, 0, "model pushed again");
  });

  it("re-checks an open document when a file it imports changes on disk", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harmony-ls-"));
    const sites = path.join(dir, "sites.topology.ts");
    const apps = path.join(dir, "apps.topology.ts");
    fs.writeFileSync(sites, `import { k8sAnywhere } from "@harmony/topology";\nexport const box = k8sAnywhere({ name: "box" });\n`);
    const appsText = `import { deploy, dockerApp } from "@harmony/topology";\nimport { box } from "./sites.topology";\nexport const web = deploy(box, dockerApp({ name: "web", image: "nginx" }));\n`;
    fs.writeFileSync(apps, appsText);
    const uri = pathToFileURL(apps).href;
    await connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "harmony-topology", version: 1, text: appsText } });
    await until(() => published.find((x) => x.uri === uri && x.diagnostics.some((d) => d.code === "HARMONY1001")));
    const before = published.length;
    fs.writeFileSync(sites, `import { linuxHost } from "@harmony/topology";\nexport const box = linuxHost({ name: "box", address: "10.0.0.9" });\n`);
    await connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(sites).href, type: 2 }] });
    const p = await until(() => published.slice(before).find((x) => x.uri === uri));
    assert.ok(!p.diagnostics.some((d) => d.code === "HARMONY1001"), JSON.stringify(p.diagnostics.map((d) => d.message)));
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
