import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import fc from "fast-check";
import { TopologyWorkspace } from "../../../language/analyzer";
import type { Analysis } from "../../../language/analyzer";
import { fixture } from "./fixtures";

function comparable(a: Analysis) {
  return {
    // TypeScript prints union members in the order it created their types, which differs between
    // programs; its codes and positions are what must agree. Harmony's messages must agree verbatim.
    diagnostics: a.diagnostics
      .map((d) => `${d.range.start.line}:${d.range.start.character} ${d.code} ${d.code.startsWith("TS") ? "" : d.message}`)
      .sort(),
    model: JSON.stringify(a.model),
  };
}

describe("Incremental re-checks", () => {
  it("give the same model and diagnostics as a fresh analysis, after any sequence of edits", function () {
    this.timeout(120_000);
    const original = fs.readFileSync(fixture("shop.topology.ts"), "utf8");
    const file = fixture("shop.topology.ts");
    const incremental = new TopologyWorkspace();
    let version = 0;
    incremental.setDocument(file, original, ++version);
    incremental.analyze(file);
    const lines = original.split("\n");
    const edit = fc.oneof(
      // change a character inside one line
      fc.record({ line: fc.nat({ max: lines.length - 1 }), col: fc.nat({ max: 80 }), ch: fc.constantFrom("a", "1", '"', ")", " ", "Docker") }),
      // swap a topology argument
      fc.record({ deploy: fc.constantFrom("db", "cache", "api", "redis", "web"), to: fc.constantFrom("siteA", "siteB", "edge", "shop") }),
    );
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 5 }), (edits) => {
        let text = original;
        for (const e of edits) {
          if ("deploy" in e) {
            text = text.replace(new RegExp(`(export const ${e.deploy}\\s*= deploy\\()\\w+`), `$1${e.to}`);
          } else {
            const ls = text.split("\n");
            const l = ls[e.line] ?? "";
            const c = Math.min(e.col, l.length);
            ls[e.line] = l.slice(0, c) + e.ch + l.slice(c + 1);
            text = ls.join("\n");
          }
          incremental.setDocument(file, text, ++version);
          incremental.analyze(file);
        }
        const fresh = new TopologyWorkspace();
        fresh.setDocument(file, text, 1);
        assert.deepEqual(comparable(incremental.analyze(file)), comparable(fresh.analyze(file)));
      }),
      { numRuns: 25, seed: Number(process.env.SEED ?? 7) },
    );
  });

  for (const name of ["nested.topology.ts", "apps.topology.ts", "values.topology.ts"]) {
    it(`agree with a fresh analysis on random line edits of ${name}`, function () {
      this.timeout(120_000);
      const file = fixture(name);
      const original = fs.readFileSync(file, "utf8");
      const lines = original.split("\n");
      const incremental = new TopologyWorkspace();
      let version = 0;
      incremental.setDocument(file, original, ++version);
      incremental.analyze(file);
      const edit = fc.record({
        line: fc.nat({ max: lines.length - 1 }),
        col: fc.nat({ max: 90 }),
        remove: fc.nat({ max: 3 }),
        text: fc.constantFrom("", "a", "2", '"', ",", "(", "}", "dc2", "metro", "box", "primarySite"),
      });
      fc.assert(
        fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
          let text = original;
          for (const e of edits) {
            const ls = text.split("\n");
            const l = ls[e.line] ?? "";
            const c = Math.min(e.col, l.length);
            ls[e.line] = l.slice(0, c) + e.text + l.slice(c + e.remove);
            text = ls.join("\n");
            incremental.setDocument(file, text, ++version);
            incremental.analyze(file);
          }
          const fresh = new TopologyWorkspace();
          fresh.setDocument(file, text, 1);
          assert.deepEqual(comparable(incremental.analyze(file)), comparable(fresh.analyze(file)));
        }),
        { numRuns: 15, seed: Number(process.env.SEED ?? 11) },
      );
    });
  }

  it("re-checks a deployment when the topology it names changes", () => {
    const file = fixture("shop.topology.ts");
    const text = fs.readFileSync(file, "utf8");
    const ws = new TopologyWorkspace();
    ws.setDocument(file, text, 1);
    assert.equal(ws.analyze(file).diagnostics.filter((d) => d.code !== "HARMONY1004").length, 1);
    ws.setDocument(file, text.replace(`export const edge  = linuxHost`, `export const edge  = k8sAnywhere`).replace(`address: "10.0.0.5"`, `context: "x"`), 2);
    const codes = ws.analyze(file).diagnostics.map((d) => d.code).filter((c) => c !== "HARMONY1004");
    assert.deepEqual(codes, ["HARMONY1001", "HARMONY1001"]);
  });
});
