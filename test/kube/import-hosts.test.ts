// `harmony import-hosts` against NodeNetworkStates on a real kube-apiserver (written by the
// nmstate handler's stand-in): the right hosts reach the topology file, as a diff first.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import type { CliIO } from "../../engine/cli/command";
import { runCli } from "../../engine/cli/main";
import { runSuffix, testKubeConfig } from "./kubeconfig";
import { NmstateHandlerStandIn } from "./nmstate-handler";

const root = join(__dirname, "../..");

describe("harmony import-hosts on a kube-apiserver", () => {
  const suffix = runSuffix();
  const rename = (node: string) => (node.endsWith(".lab") ? node.replace(/\.lab$/, `.${suffix}.lab`) : `${node}-${suffix}`);
  let handler: NmstateHandlerStandIn;
  let dir: string;
  let file: string;
  let original: string;

  async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t + "\n"), cwd: dir, env: {} };
    const code = await runCli(["import-hosts", "lab.topology.ts", "--topology", "lab", "--kubeconfig", process.env.HARMONY_TEST_KUBECONFIG!, ...args], io);
    return { code, out, err };
  }

  before(async () => {
    handler = new NmstateHandlerStandIn(testKubeConfig("site-a"));
    const list = parse(readFileSync(join(root, "test/fixtures/nmstate/inventory.yaml"), "utf8")) as { items: { metadata: { name: string }; status: never }[] };
    for (const item of list.items) await handler.reportState(rename(item.metadata.name), item.status);
    dir = mkdtempSync(join(tmpdir(), "harmony-import-hosts-"));
    file = join(dir, "lab.topology.ts");
    original = readFileSync(join(root, "examples/lab.topology.ts"), "utf8")
      .replace(`context: "okd-lab"`, `context: "site-a"`)
      .replace(/worker-(\d)\.lab/g, (_m, n) => rename(`worker-${n}.lab`));
    writeFileSync(file, original);
  });

  after(async () => {
    await handler.cleanUp();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows the hosts it would write as a diff and leaves the file alone without --write", async () => {
    const r = await cli();
    assert.equal(r.code, 1, r.err);
    assert.equal(readFileSync(file, "utf8"), original);
    // worker-1 gains its third NIC; worker-0 keeps its two; master-0 is new.
    assert.ok(r.out.includes(`+        { name: "ens3f0", mac: "aa:bb:cc:00:01:03" },`), r.out);
    assert.ok(r.out.includes(`+      name: "master-0-${suffix}",`), r.out);
    assert.ok(r.out.includes(`+        { name: "enp1s0", mac: "52:54:00:aa:00:01" },`), r.out);
    assert.doesNotMatch(r.out, /veth|br-ex|genev|ovn-k8s|eno1\.100|bond0|"lo"/);
    assert.match(r.err, /not written \(pass --write to write it\)/);
  });

  it("writes them with --write, keeping the file's comments, and finds nothing to change the second time", async () => {
    const r = await cli("--write");
    assert.equal(r.code, 0, r.err);
    const written = readFileSync(file, "utf8");
    assert.ok(written.startsWith("// The lab: a bare-metal OKD cluster"));
    assert.ok(written.includes(`{ name: "eno2", mac: "aa:bb:cc:00:01:02", switchPort: "Ethernet1/4" },\n        { name: "ens3f0", mac: "aa:bb:cc:00:01:03" },`));
    const again = await cli("--write");
    assert.equal(again.code, 0, again.err);
    assert.match(again.err, /already match the cluster/);
    assert.equal(readFileSync(file, "utf8"), written);
  });
});
