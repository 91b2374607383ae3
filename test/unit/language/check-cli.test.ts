import * as assert from "node:assert/strict";
import { runCli } from "../../../engine/cli/main";
import type { CliIO } from "../../../engine/cli/command";
import { fixture, fixtures } from "./fixtures";

async function check(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), cwd: fixtures, env: {} };
  const code = await runCli(["check", ...args], io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("harmony check", function () {
  this.timeout(60_000);

  it("prints file:line:col severity CODE message, 1-based, and exits 1 on errors", async () => {
    const { code, out } = await check("shop.topology.ts");
    assert.equal(code, 1);
    assert.match(out, /^shop\.topology\.ts:13:35 error HARMONY1001 topology "shop" \(failover of k8sAnywhere, k8sAnywhere\) does not provide Docker/m);
    assert.match(out, /^shop\.topology\.ts:\d+:\d+ error HARMONY1004 Deployment "redis" cannot be deployed: not supported yet/m);
    assert.doesNotMatch(out, /Deployment "cache"/, "a Docker app on a Linux host deploys");
  });

  it("exits 0 when there are only warnings or nothing", async () => {
    assert.equal((await check("empty.topology.ts")).code, 0);
    assert.equal((await check("circular-b.topology.ts")).code, 0);
  });

  it("prints JSON with zero-based LSP positions and TypeScript codes as TS<number>", async () => {
    const { code, out } = await check("--json", "shop.topology.ts", "missing-import.topology.ts");
    assert.equal(code, 1);
    const report = JSON.parse(out);
    assert.deepEqual(report.files.map((f: { path: string }) => f.path), ["shop.topology.ts", "missing-import.topology.ts"]);
    const d = report.files[0].diagnostics.find((x: { code: string }) => x.code === "HARMONY1001");
    assert.deepEqual(Object.keys(d).sort(), ["code", "message", "range", "related", "severity"]);
    assert.equal(d.code, "HARMONY1001");
    assert.equal(d.severity, "error");
    assert.deepEqual(d.range.start, { line: 12, character: 34 });
    assert.equal(report.files[1].diagnostics[0].code, "TS2307");
  });

  it("searches folders for *.topology.ts", async () => {
    const { out } = await check("--json", fixtures);
    const paths = JSON.parse(out).files.map((f: { path: string }) => f.path);
    assert.ok(paths.includes("nested.topology.ts"));
    assert.ok(paths.length >= 13);
  });

  it("exits 2 on usage mistakes: no path, a missing path, an unknown option", async () => {
    assert.equal((await check()).code, 2);
    assert.equal((await check(fixture("nowhere.topology.ts"))).code, 2);
    const unknown = await check("--yaml", "shop.topology.ts");
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown option --yaml/);
  });
});

describe("quick fixes", () => {
  it("swap the failover side that lacks the capability for one in scope that has it", async () => {
    const { TopologyWorkspace } = await import("../../../language/analyzer");
    const { harmonyQuickFixes } = await import("../../../language/server/quick-fixes");
    const { toLspDiagnostic } = await import("../../../language/server/convert");
    const ws = new TopologyWorkspace();
    const file = fixture("apps.topology.ts");
    const analysis = ws.analyzeDetailed(file);
    const d = analysis.diagnostics.find((x) => x.code === "HARMONY1003")!;
    const actions = harmonyQuickFixes(analysis, ws.host.libraryIndex, "file:///apps", toLspDiagnostic(d));
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes(`Deploy "sidecar" to box (provides Docker)`), titles.join("; "));
    assert.ok(titles.includes("Remove deployment broken"), titles.join("; "));
    // The primary lacks Docker; `box` is already the replica, so no other topology in scope can swap in.
    assert.ok(!titles.some((t) => t.startsWith("Use box as the primary")));
  });

  it("offer to use another topology as the lacking side, editing only that side", async () => {
    const { TopologyWorkspace } = await import("../../../language/analyzer");
    const { harmonyQuickFixes } = await import("../../../language/server/quick-fixes");
    const { toLspDiagnostic } = await import("../../../language/server/convert");
    const ws = new TopologyWorkspace();
    const analysis = ws.analyzeDetailed(fixture("swap.topology.ts"));
    const d = analysis.diagnostics.find((x) => x.code === "HARMONY1003")!;
    assert.match(d.message, /its primary "site-a" \(k8sAnywhere\) does not provide Docker/);
    const actions = harmonyQuickFixes(analysis, ws.host.libraryIndex, "file:///swap", toLspDiagnostic(d));
    const swap = actions.find((a) => a.title === `Use edge2 as the primary of "pair" (provides Docker)`)!;
    assert.ok(swap, actions.map((a) => a.title).join("; "));
    const [change] = swap.edit!.changes!["file:///swap"];
    assert.equal(change.newText, "edge2");
    assert.deepEqual(change.range.start, { line: 5, character: 54 });
    const remove = actions.find((a) => a.title === "Remove deployment web")!;
    assert.deepEqual(remove.edit!.changes!["file:///swap"][0].range, { start: { line: 7, character: 0 }, end: { line: 8, character: 0 } });
  });
});
