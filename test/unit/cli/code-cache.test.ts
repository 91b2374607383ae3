import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const loader = resolve(__dirname, "..", "..", "..", "engine", "cli", "code-cache.ts");

/** Runs `bundle` in a fresh Node through the code cache in `folder`, as the `harmony` launcher does; returns what it printed. */
function start(bundle: string, folder: string, env: NodeJS.ProcessEnv = {}): string {
  const script = `require(${JSON.stringify(loader)}).requireWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(folder)}).main()`;
  return execFileSync(process.execPath, ["--import", "tsx", "-e", script], { env: { ...process.env, ...env }, encoding: "utf8" }).trim();
}

describe("The CLI's code cache", function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "harmony-code-cache-test-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is written by the first start and kept by the next ones", () => {
    const bundle = join(dir, "cli-check.js");
    const cache = join(dir, "cache");
    writeFileSync(bundle, "#!/usr/bin/env node\nexports.main = () => console.log(require('node:path').basename(__filename));\n");
    assert.equal(start(bundle, cache), "cli-check.js");
    const written = readdirSync(cache);
    assert.equal(written.length, 1);
    assert.equal(start(bundle, cache), "cli-check.js");
    assert.deepEqual(readdirSync(cache), written);
  });

  it("never runs the cached code of an earlier build, even one of the same length", () => {
    const bundle = join(dir, "cli-main.js");
    const cache = join(dir, "cache");
    writeFileSync(bundle, "exports.main = () => console.log('build 1');\n");
    assert.equal(start(bundle, cache), "build 1");
    writeFileSync(bundle, "exports.main = () => console.log('build 2');\n");
    assert.equal(start(bundle, cache), "build 2");
    assert.equal(readdirSync(cache).length, 1, "the earlier build's cache is removed");
  });

  it("keeps one cache for each copy of the CLI, so two installed builds do not evict each other", () => {
    const cache = join(dir, "cache");
    for (const copy of ["a", "b"]) {
      mkdirSync(join(dir, copy));
      writeFileSync(join(dir, copy, "cli-check.js"), `exports.main = () => console.log(${JSON.stringify(copy)});\n`);
    }
    assert.equal(start(join(dir, "a", "cli-check.js"), cache), "a");
    assert.equal(start(join(dir, "b", "cli-check.js"), cache), "b");
    const both = readdirSync(cache).sort();
    assert.equal(both.length, 2);
    assert.equal(start(join(dir, "a", "cli-check.js"), cache), "a");
    assert.deepEqual(readdirSync(cache).sort(), both);
  });

  it("is not read from or written to a folder other users can write to, nor when NODE_DISABLE_COMPILE_CACHE is set", function () {
    if (typeof process.getuid !== "function") this.skip();
    const bundle = join(dir, "cli-check.js");
    writeFileSync(bundle, "exports.main = () => console.log('ran');\n");
    const shared = join(dir, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    assert.equal(start(bundle, shared), "ran");
    assert.deepEqual(readdirSync(shared), []);
    const disabled = join(dir, "disabled");
    assert.equal(start(bundle, disabled, { NODE_DISABLE_COMPILE_CACHE: "1" }), "ran");
    assert.ok(!existsSync(disabled) || readdirSync(disabled).length === 0);
  });
});
