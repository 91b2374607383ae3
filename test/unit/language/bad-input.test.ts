import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { analyzeFiles, TopologyWorkspace } from "../../../language/analyzer";
import { ModelReader } from "../../../language/analyzer/read-model";
import { analyzeFixture, codes, fixture } from "./fixtures";
import { applySmallEdits, smallEdits } from "../../fuzz/mutations";

describe("The analyzer on bad input", () => {
  it("reads the same capabilities from the library's tables as from the types (the large-file reading)", () => {
    for (const name of ["shop.topology.ts", "nested.topology.ts", "apps.topology.ts", "swap.topology.ts", "kafka-no-strategy.topology.ts"]) {
      const ws = new TopologyWorkspace();
      const typed = ws.analyzeDetailed(fixture(name));
      const tabled = new ModelReader(typed.program!, typed.sourceFile!, ws.host.libraryIndex, undefined, true).read().model;
      const summary = (m: typeof tabled) => ({
        topologies: m.topologies.map((t) => [t.id, t.capabilities]),
        scores: m.scores.map((s) => [s.id, s.requires]),
      });
      assert.deepEqual(summary(tabled), summary(typed.model), name);
    }
  });

  it("returns an empty model for an empty file", () => {
    const { model, diagnostics } = analyzeFixture("empty.topology.ts");
    assert.deepEqual([model.topologies, model.scores, model.deployments], [[], [], []]);
    assert.deepEqual(diagnostics, []);
  });

  it("returns an empty model for a file that imports nothing from the library", () => {
    const { model, diagnostics } = analyzeFixture("no-import.topology.ts");
    assert.equal(model.topologies.length, 0);
    assert.deepEqual(diagnostics, []);
    assert.ok(model.capabilities.length >= 6);
  });

  it("follows circular imports between topology files without looping", () => {
    const results = analyzeFiles([fixture("circular-a.topology.ts"), fixture("circular-b.topology.ts")]);
    const a = results.get(fixture("circular-a.topology.ts"))!;
    assert.equal(a.model.topologies.find((t) => t.id === "ab")!.replica, "./circular-b.topology.ts#b");
    const b = results.get(fixture("circular-b.topology.ts"))!;
    assert.equal(b.model.deployments[0].topology, "./circular-a.topology.ts#ab");
    // Both sides name no context or namespace: the PostgreSQL replica would land on its primary.
    assert.deepEqual(codes(a.diagnostics), ["HARMONY1004"]);
    assert.match(a.diagnostics[0].message, /primary and replica are the same context and namespace/);
  });

  it("knows which files import which, through cycles", () => {
    const ws = new TopologyWorkspace();
    ws.addFile(fixture("apps.topology.ts"));
    ws.addFile(fixture("circular-a.topology.ts"));
    ws.addFile(fixture("shop.topology.ts"));
    assert.equal(ws.dependsOn(fixture("apps.topology.ts"), fixture("sites.topology.ts")), true);
    assert.equal(ws.dependsOn(fixture("sites.topology.ts"), fixture("apps.topology.ts")), false);
    assert.equal(ws.dependsOn(fixture("circular-a.topology.ts"), fixture("circular-b.topology.ts")), true);
    assert.equal(ws.dependsOn(fixture("circular-b.topology.ts"), fixture("circular-a.topology.ts")), true);
    assert.equal(ws.dependsOn(fixture("shop.topology.ts"), fixture("sites.topology.ts")), false);
  });

  it("reports a missing imported file as TypeScript does and leaves the topology unresolved", () => {
    const { model, diagnostics } = analyzeFixture("missing-import.topology.ts");
    assert.deepEqual(codes(diagnostics), ["TS2307"]);
    assert.equal(model.deployments[0].topology, undefined);
    assert.equal(model.deployments[0].score, "db.score");
  });

  it("reports a file that does not exist instead of throwing", () => {
    const file = fixture("nowhere.topology.ts");
    const { diagnostics } = analyzeFiles([file]).get(file)!;
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].severity, "error");
  });

  it("says a file nested thousands of levels deep is too deep, not an internal error", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harmony-deep-"));
    const file = path.join(dir, "deep.topology.ts").replace(/\\/g, "/");
    fs.writeFileSync(file, `import { defineScore } from "@harmony/topology";\nexport const x = ${"defineScore<".repeat(5000)};\n`);
    try {
      const { diagnostics } = analyzeFiles([file]).get(file)!;
      assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [["HARMONY1000", "error"]]);
      assert.match(diagnostics[0].message, /nests too deeply for TypeScript to read/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("analyses a 5 MB file within a bound", function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harmony-big-"));
    const file = path.join(dir, "big.topology.ts");
    const head = `import { linuxHost, deploy, dockerApp } from "@harmony/topology";\nexport const h = linuxHost({ name: "h", address: "10.0.0.1" });\n`;
    const comment = `// ${"x".repeat(1000)}\n`;
    let text = head;
    while (text.length < 5 * 1024 * 1024) text += comment;
    text += `export const d = deploy(h, dockerApp({ name: "d", image: "nginx" }));\n`;
    fs.writeFileSync(file, text);
    try {
      const { model } = analyzeFiles([file]).get(file.replace(/\\/g, "/"))!;
      assert.equal(model.deployments.length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads a 5 MB file of real declarations without the type checker and still finds every error", function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harmony-big-"));
    const file = path.join(dir, "huge.topology.ts").replace(/\\/g, "/");
    const lines = [`import { k8sAnywhere, linuxHost, failover, deploy, postgres, dockerApp } from "@harmony/topology";`];
    let i = 0;
    let size = 0;
    while (size < 5 * 1024 * 1024) {
      const block = [
        `export const a${i} = k8sAnywhere({ name: "a-${i}", context: "ctx-${i}" });`,
        `export const h${i} = linuxHost({ name: "h-${i}", address: "10.0.0.1" });`,
        `export const f${i} = failover({ name: "f-${i}", primary: a${i}, replica: a${i} });`,
        `export const p${i} = deploy(f${i}, postgres({ name: "db-${i}" }));`,
        `export const w${i} = deploy(a0, dockerApp({ name: "w-${i}", image: "nginx" }));`,
      ];
      lines.push(...block);
      size += block.join("\n").length;
      i++;
    }
    fs.writeFileSync(file, lines.join("\n"));
    try {
      const { model, diagnostics } = analyzeFiles([file]).get(file)!;
      assert.equal(model.deployments.length, 2 * i);
      assert.equal(diagnostics.filter((d) => d.code === "HARMONY1001").length, i);
      assert.equal(diagnostics.filter((d) => d.code === "HARMONY1100").length, 1);
      assert.deepEqual(model.topologies.find((t) => t.id === "f3")!.capabilities, ["K8sClient", "HelmCommand", "PostgreSQL"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("never throws and stays within a bound on random edits of realistic files", function () {
    this.timeout(120_000);
    const texts = ["shop.topology.ts", "apps.topology.ts", "nested.topology.ts", "values.topology.ts"].map((f) =>
      fs.readFileSync(fixture(f), "utf8"),
    );
    const workspace = new TopologyWorkspace();
    const file = path.join(os.tmpdir(), "harmony-fuzz", "fuzz.topology.ts");
    let version = 0;
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), smallEdits, (which, edits) => {
        const text = applySmallEdits(texts[which], edits);
        workspace.setDocument(file, text, ++version);
        const result = workspace.analyze(file);
        assert.ok(Array.isArray(result.diagnostics));
        assert.ok(!result.diagnostics.some((d) => d.code === "HARMONY1000"), JSON.stringify(result.diagnostics[0]));
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});
