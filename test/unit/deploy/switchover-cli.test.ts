import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIO } from "../../../engine/cli/command";
import { runCli } from "../../../engine/cli/main";
import { shopModel } from "./shop";

async function harmony(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n"), cwd, env: {} };
  return { code: await runCli(argv, io), out, err };
}

// What `harmony switchover` says before it reaches a cluster; the sequence itself runs in test/kube.
describe("harmony switchover, offline", () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), "harmony-switchover-"));
    writeFileSync(join(tmp, "shop.model.json"), JSON.stringify(shopModel({ failover: { publicHost: "db.example.com" } })));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("is listed in help with its options", async () => {
    const r = await harmony(tmp, "help", "switchover");
    assert.match(r.out, /harmony switchover FILE --deployment NAME \[--to SIDE\] \[--dry-run\] \[--yes\] \[--format text\|json\]/);
  });

  it("a --to that is not a side names the sides there are", async () => {
    const r = await harmony(tmp, "switchover", "shop.model.json", "--deployment", "ordersDb", "--to", "site-c");
    assert.equal(r.code, 2);
    assert.match(r.err, /"site-c" is not a side of shop; its sides: site-a, site-b/);
  });

  it("a deployment that is not PostgreSQL on a failover has no primary to switch", async () => {
    const r = await harmony(tmp, "switchover", "shop.model.json", "--deployment", "storefront");
    assert.equal(r.code, 2);
    assert.match(r.err, /not PostgreSQL on a failover: it has no primary to switch/);
  });
});
