// Apply and follow host bonds on a real kube-apiserver: the lockout check reads the Nodes'
// InternalIPs, `harmony bonds --apply` refuses a risky bond without --allow-lockout-risk, and the
// follow reports what nmstate (played by NmstateHandlerStandIn) says of each node — Available,
// Failing with its message, or not settled in time.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { diffBonds, desiredBonds, readNodeNetworkStates } from "../../engine/bonds";
import { followBondApply, formatFollow } from "../../engine/bonds/follow";
import type { CliIO } from "../../engine/cli/command";
import { runCli } from "../../engine/cli/main";
import { openKube } from "../../engine/deploy";
import { fetchNodeNetworkStates } from "../../engine/kube";
import type { NodeNetworkState } from "../../shared/model";
import { labModel, type LabHost } from "../unit/bonds/lab";
import { runSuffix, testKubeConfig } from "./kubeconfig";
import { NmstateHandlerStandIn } from "./nmstate-handler";

const root = join(__dirname, "../..");

function sampleStatus(path: string): NodeNetworkState["status"] {
  const read = readNodeNetworkStates(readFileSync(join(root, path), "utf8"), path);
  assert.ok(read.ok);
  return read.states[0].status;
}

describe("applying host bonds and following nmstate on a kube-apiserver", () => {
  const suffix = runSuffix();
  const w1 = `worker-1.${suffix}.lab`;
  const w2 = `worker-2.${suffix}.lab`;
  // worker-1 reaches the cluster through eno1; worker-2's bond takes only spare NICs.
  const hosts: LabHost[] = [
    { name: `w1-${suffix}`, node: w1, nics: [{ name: "eno1", mac: "aa:bb:cc:00:01:01" }, { name: "eno2", mac: "aa:bb:cc:00:01:02" }] },
    { name: `w2-${suffix}`, node: w2, nics: [{ name: "eno2", mac: "aa:bb:cc:00:02:02" }, { name: "eno3", mac: "aa:bb:cc:00:02:03" }] },
  ];
  const model = () => labModel({ hosts, context: "site-a" });
  const policyOf = (host: string) => `harmony-bond0-${host}`;
  let handler: NmstateHandlerStandIn;
  let dir: string;
  let modelFile: string;

  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = "";
    let err = "";
    const io: CliIO = { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n"), cwd: dir, env: {} };
    const code = await runCli(["bonds", modelFile, "--kubeconfig", process.env.HARMONY_TEST_KUBECONFIG!, ...args], io);
    return { code, out, err };
  }

  before(async () => {
    handler = new NmstateHandlerStandIn(testKubeConfig("site-a"));
    await handler.node(w1, "10.10.0.22");
    await handler.node(w2, "10.20.0.32");
    await handler.reportState(w1, sampleStatus("examples/nns/worker-1.lab.yaml"));
    await handler.reportState(w2, sampleStatus("test/fixtures/nmstate/worker-2-vlan.yaml"));
    dir = mkdtempSync(join(tmpdir(), "harmony-bond-apply-"));
    modelFile = join(dir, "lab.model.json");
    writeFileSync(modelFile, JSON.stringify(model()));
  });

  after(async () => {
    await handler.cleanUp();
    rmSync(dir, { recursive: true, force: true });
  });

  it("warns of the default-route NIC holding the node's InternalIP, and not of a bond over spare NICs", async () => {
    const read = await fetchNodeNetworkStates({ kubeconfig: process.env.HARMONY_TEST_KUBECONFIG, context: "site-a" });
    assert.ok(read.ok, read.ok ? "" : read.error);
    assert.deepEqual(read.nodes?.find((n) => n.node === w1)?.internalIPs, ["10.10.0.22"]);
    const report = diffBonds(model(), "labBonds", read.states, read.nodes);
    const [r1, r2] = report.hosts;
    assert.deepEqual(r1.lockout.map((r) => [r.node, r.nic, r.reasons]), [
      [w1, "eno1", ["carries the default route 0.0.0.0/0 via 10.10.0.1", "holds the node's InternalIP 10.10.0.22"]],
    ]);
    assert.equal(r2.changed, true);
    assert.deepEqual(r2.lockout, []);
  });

  it("harmony bonds --apply refuses a bond that may cut a node off, naming it, and applies nothing", async () => {
    const r = await cli(["--apply", "--yes"]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, new RegExp(`not applying: the bonds may cut off node\\(s\\) ${w1.replace(/\./g, "\\.")} \\(HARMONY1301`));
    assert.match(r.err, /--allow-lockout-risk/);
    const kube = await openKube(process.env.HARMONY_TEST_KUBECONFIG, ["site-a"]);
    assert.ok(kube.ok);
    try {
      const policy = await kube.kube.client("site-a").get("nmstate.io/v1", "NodeNetworkConfigurationPolicy", undefined, policyOf(hosts[1].name));
      assert.equal(policy, undefined, "not even the safe host's policy is applied");
    } finally {
      kube.kube.close();
    }
  });

  it("harmony bonds --apply --allow-lockout-risk applies, follows, and exits 1 with nmstate's message for the failing node", async () => {
    const running = cli(["--apply", "--yes", "--allow-lockout-risk", "--follow-timeout", "60s"]);
    // The handler's part: worker-2 configures, worker-1 loses its gateway and rolls back.
    const g1 = await handler.policyApplied(policyOf(hosts[0].name));
    const g2 = await handler.policyApplied(policyOf(hosts[1].name));
    await handler.enact(w2, policyOf(hosts[1].name), "Progressing", "Applying desired state", g2);
    await handler.enact(w1, policyOf(hosts[0].name), "Progressing", "Applying desired state", g1);
    await new Promise((r) => setTimeout(r, 500));
    await handler.enact(w2, policyOf(hosts[1].name), "Available", "successfully reconciled", g2);
    const rollback = "error reconciling NodeNetworkConfigurationPolicy on node: rolling back desired state configuration: failed runnig probes after network changes: failed to retrieve default gw at runProbes: timed out waiting for the condition";
    await handler.enact(w1, policyOf(hosts[0].name), "Failing", rollback, g1);
    await handler.policyStatus(policyOf(hosts[0].name), "Degraded", "1/1 nodes failed to configure");
    const r = await running;
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /1 of 2 node\(s\) failed to take their bond/);
    assert.ok(r.out.includes(`w2-${suffix} (node ${w2}): Available`), r.out);
    assert.ok(r.out.includes(`w1-${suffix} (node ${w1}): Failing — ${rollback}`), r.out);
    assert.match(r.err, /Ctrl-C stops following, not the apply/);
  });

  it("says which nodes have not settled when time runs out, and does not take an earlier enactment for this apply", async () => {
    const kube = await openKube(process.env.HARMONY_TEST_KUBECONFIG, ["site-a"]);
    assert.ok(kube.ok);
    try {
      const client = kube.kube.client("site-a");
      // A second apply of worker-2's policy, with another miimon: a new generation.
      const wanted = desiredBonds(labModel({ hosts, context: "site-a", bonds: { name: "lab-bonds", miimon: 50 } }), "labBonds");
      const policy = wanted.hosts[1].policy;
      const applied = await client.apply(policy as never);
      const generation = Number(applied.metadata.generation);
      assert.ok(generation >= 2);
      // Its enactment (from the test before) still speaks of the previous generation, Available.
      const target = [{ host: hosts[1].name, node: w2, policy: policy.metadata.name }];
      const t0 = Date.now();
      const result = await followBondApply(client, target, { timeoutMs: 1500, pollMs: 200 });
      assert.ok(Date.now() - t0 < 5000);
      assert.equal(result.timedOut, true);
      assert.equal(result.ok, false);
      assert.deepEqual(result.nodes.map((n) => [n.node, n.state, n.settled]), [[w2, "Pending", false]]);
      assert.match(formatFollow(result), new RegExp(`1 node\\(s\\) not settled after \\d+ s:\\n  w2-${suffix} \\(node ${w2.replace(/\./g, "\\.")}\\): still Pending — nmstate has not taken generation ${generation}`));
    } finally {
      kube.kube.close();
    }
  });

  it("cancelling stops following, and the policy stays applied", async () => {
    const kube = await openKube(process.env.HARMONY_TEST_KUBECONFIG, ["site-a"]);
    assert.ok(kube.ok);
    try {
      const client = kube.kube.client("site-a");
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 400);
      const result = await followBondApply(client, [{ host: hosts[1].name, node: w2, policy: policyOf(hosts[1].name) }], { signal: controller.signal, pollMs: 100 });
      assert.equal(result.cancelled, true);
      assert.match(formatFollow(result), /^Stopped following after \d+ s; the policies stay applied and nmstate carries on:/);
      assert.ok(await client.get("nmstate.io/v1", "NodeNetworkConfigurationPolicy", undefined, policyOf(hosts[1].name)));
    } finally {
      kube.kube.close();
    }
  });
});
