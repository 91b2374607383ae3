// `harmony plan` and `harmony deploy` for a deployment on Linux hosts, without reaching a host.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIO } from "../../../engine/cli/command";
import { runCli } from "../../../engine/cli/main";
import { shopModel } from "../deploy/shop";

async function harmony(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n"), cwd, env: { HOME: cwd } };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe("harmony plan and deploy on Linux hosts", () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), "harmony-hosts-"));
    writeFileSync(join(tmp, "shop.model.json"), JSON.stringify(shopModel()));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("plan --format json gives host targets and Container objects", async () => {
    const r = await harmony(tmp, "plan", "shop.model.json", "--deployment", "cache", "--format", "json");
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    assert.deepEqual(json.steps.map((s: { action: string }) => s.action), ["apply", "wait"]);
    assert.deepEqual(json.steps[0].target, { host: "edge-1", address: "10.0.0.5", port: 22, user: "" });
    assert.equal(json.steps[0].objects[0].kind, "Container");
  });

  it("deploy without a terminal asks for --yes, naming the hosts", async () => {
    const r = await harmony(tmp, "deploy", "shop.model.json", "--deployment", "cache");
    assert.equal(r.code, 2);
    assert.match(r.err, /would change the containers of:\n  10\.0\.0\.5:22 \(edge-1\)\npass --yes/);
  });

  it("--accept-host-key takes a fingerprint as ssh prints it", async () => {
    const r = await harmony(tmp, "deploy", "shop.model.json", "--deployment", "cache", "--yes", "--accept-host-key", "yes");
    assert.equal(r.code, 2);
    assert.match(r.err, /--accept-host-key takes a fingerprint as ssh prints it \(SHA256: and 43 characters\), not "yes"/);
  });

  it("a host with no key to offer is refused before any connection, with what to set", async () => {
    const r = await harmony(tmp, "deploy", "shop.model.json", "--deployment", "cache", "--yes");
    assert.equal(r.code, 1);
    assert.match(r.out, /Deploy of cache failed: 0 created, 0 replaced, 0 unchanged, 0 failed, 1 skipped/);
    assert.match(r.out, /no SSH key to offer .*set identityFile on the host/);
  });
});
