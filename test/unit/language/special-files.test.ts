// Files a cloned repository can hold in place of a topology, state or model file: a link to an
// endless device, a named pipe, a huge or binary file. Each is refused with its reason, at once.
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIO } from "../../../engine/cli/command";
import { runCli } from "../../../engine/cli/main";
import { MAX_INPUT_BYTES, readInputFile } from "../../../language/input-file";

const root = join(__dirname, "../../..");

describe("special files in place of topology, state and model files", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "harmony-special-"));
    symlinkSync("/dev/zero", join(dir, "zero.topology.ts"));
    symlinkSync("/dev/zero", join(dir, "zero.yaml"));
    symlinkSync("/dev/zero", join(dir, "zero.json"));
    for (const f of ["pipe.topology.ts", "pipe.yaml", "pipe.json"]) assert.equal(spawnSync("mkfifo", [join(dir, f)]).status, 0);
    writeFileSync(join(dir, "binary.topology.ts"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0, 0xff, 0xfe]));
    mkdirSync(join(dir, "folder.topology.ts"));
    copyFileSync(join(root, "examples/lab.topology.ts"), join(dir, "lab.topology.ts"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  async function harmony(...argv: string[]) {
    let out = "";
    let err = "";
    const io: CliIO = { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n"), cwd: dir, env: {} };
    const t0 = Date.now();
    const code = await runCli(argv, io);
    assert.ok(Date.now() - t0 < 20_000, `${argv.join(" ")} took ${Date.now() - t0} ms`);
    return { code, out, err };
  }

  for (const [file, reason] of [
    ["zero.topology.ts", /zero\.topology\.ts is not a regular file \(a character device\)/],
    ["pipe.topology.ts", /pipe\.topology\.ts is not a regular file \(a named pipe\)/],
    ["binary.topology.ts", /binary\.topology\.ts is not a text file: it holds binary data/],
  ] as const) {
    it(`check, plan and bonds refuse ${file} with the reason`, async () => {
      const check = await harmony("check", file);
      assert.equal(check.code, 1);
      assert.match(check.out, reason);
      const plan = await harmony("plan", file, "--deployment", "db");
      assert.equal(plan.code, 2);
      assert.match(plan.err, reason);
      assert.doesNotMatch(plan.err, /no deployment|deployments there/);
      const bonds = await harmony("bonds", file, "--state", join(root, "examples/nns/worker-0.lab.yaml"));
      assert.equal(bonds.code, 2);
      assert.match(bonds.err, reason);
    });
  }

  it("check of a folder with such links reports each and still checks the real files", async () => {
    const r = await harmony("check", ".");
    assert.match(r.out, /zero\.topology\.ts:1:1 error HARMONY1000 .*not a regular file/);
    assert.match(r.out, /pipe\.topology\.ts:1:1 error HARMONY1000 .*not a regular file/);
    assert.match(r.err, /checked/);
  });

  for (const [file, reason] of [
    ["zero.yaml", /zero\.yaml is not a regular file \(a character device\)/],
    ["pipe.yaml", /pipe\.yaml is not a regular file \(a named pipe\)/],
  ] as const) {
    it(`bonds --state ${file} is refused with the reason`, async () => {
      const r = await harmony("bonds", "lab.topology.ts", "--state", file);
      assert.equal(r.code, 2);
      assert.match(r.err, reason);
    });
  }

  for (const file of ["zero.json", "pipe.json"]) {
    it(`a model ${file} is refused with the reason`, async () => {
      const r = await harmony("plan", file, "--deployment", "bonds");
      assert.equal(r.code, 2);
      assert.match(r.err, /is not a regular file/);
    });
  }

  it("a file over the size cap is refused by its size, unread", () => {
    const big = join(dir, "big.yaml");
    writeFileSync(big, "");
    // A sparse file: its size is what counts, no disk is used.
    spawnSync("truncate", ["-s", String(MAX_INPUT_BYTES + 1), big]);
    const r = readInputFile(big, { shownAs: "big.yaml" });
    assert.deepEqual(r, { ok: false, error: "big.yaml is larger than 32 MB (32 MB); Harmony does not read files that large" });
  });

  it("a folder is not a file", () => {
    const r = readInputFile(join(dir, "folder.topology.ts"), { shownAs: "folder.topology.ts" });
    assert.deepEqual(r, { ok: false, error: "folder.topology.ts is a folder, not a file" });
  });
});
