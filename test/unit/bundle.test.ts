// The extension host is a thin client: TypeScript runs in the language server and the CLI only, and
// the Kubernetes client loads when a command first needs a cluster. Checked on the production
// bundle's own list of inputs, as esbuild builds it for a release.
import * as assert from "node:assert/strict";
import * as esbuild from "esbuild";
import { bundles } from "../../scripts/bundles.mjs";

describe("The production extension bundle", function () {
  this.timeout(120_000);
  let inputs: string[] = [];

  before(async () => {
    const options = bundles({ production: true }).find(
      (b) => typeof b.entryPoints === "object" && !Array.isArray(b.entryPoints) && "extension" in b.entryPoints,
    );
    assert.ok(options, "scripts/bundles.mjs has the extension bundle");
    const result = await esbuild.build({ ...options, write: false, metafile: true, logLevel: "silent" });
    inputs = Object.keys(result.metafile!.inputs);
  });

  it("does not carry the Kubernetes client: it loads with the first command that needs a cluster", () => {
    assert.deepEqual(inputs.filter((i) => /node_modules\/@kubernetes\//.test(i)), []);
  });

  it("does not carry the SSH or Docker clients: they load with the first command that reaches a Linux host", () => {
    assert.deepEqual(inputs.filter((i) => /node_modules\/(ssh2|dockerode|docker-modem|cpu-features)\//.test(i)), []);
  });

  it("does not carry the TypeScript compiler or the analyzer", () => {
    assert.ok(inputs.length > 10, "the bundle was built");
    assert.deepEqual(inputs.filter((i) => /node_modules\/typescript\//.test(i)), []);
    assert.deepEqual(inputs.filter((i) => /^language\//.test(i)), []);
  });
});
