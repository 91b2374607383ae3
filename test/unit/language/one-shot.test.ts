import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { analyzeFiles, TopologyWorkspace, type Analysis } from "../../../language/analyzer";
import { fixture, fixtures } from "./fixtures";

const names = fs.readdirSync(fixtures).filter((n) => n.endsWith(".topology.ts")).sort();

/** What the language server says about files on disk: one LanguageService, the files analysed in order. */
function languageServer(files: string[]): Map<string, Analysis> {
  const workspace = new TopologyWorkspace();
  for (const f of files) workspace.addFile(f);
  return new Map(files.map((f) => [f, workspace.analyze(f)]));
}

function assertSame(files: string[]) {
  const cli = analyzeFiles(files);
  const server = languageServer(files);
  for (const f of files) {
    // Verbatim: messages, ranges, related locations and the model drawn on the canvas.
    assert.deepEqual(cli.get(f), server.get(f), f);
  }
}

describe("harmony check and the language server", function () {
  this.timeout(120_000);

  it("the fixtures contain the problems worth comparing", () => {
    const all = [...analyzeFiles(names.map(fixture)).values()].flatMap((a) => a.diagnostics.map((d) => d.code));
    for (const code of ["HARMONY1001", "HARMONY1002", "HARMONY1003", "HARMONY1101", "HARMONY1102", "HARMONY1201", "TS1109", "TS2307"]) {
      assert.ok(all.includes(code), `no fixture reports ${code}`);
    }
  });

  for (const name of names) {
    it(`say the same about ${name} on its own`, () => assertSame([fixture(name)]));
  }

  it("say the same about every fixture checked together, and about a file that is not there", () => {
    assertSame([...names.map(fixture), fixture("nowhere.topology.ts")]);
  });
});
