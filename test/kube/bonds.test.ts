// The bond differ reads NodeNetworkStates from a real kube-apiserver, status and all, and diffs
// them as it does the examples' YAML samples.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as k8s from "@kubernetes/client-node";
import type { CliIO } from "../../engine/cli/command";
import { runCli } from "../../engine/cli/main";
import { diffBonds, readNodeNetworkStates } from "../../engine/bonds";
import { fetchNodeNetworkStates } from "../../engine/kube";
import type { NodeNetworkState } from "../../shared/model";
import { labHosts, labModel } from "../unit/bonds/lab";
import { runSuffix, testKubeConfig } from "./kubeconfig";

const group = "nmstate.io";
const version = "v1beta1";
const plural = "nodenetworkstates";

function sample(file: string): NodeNetworkState {
  const read = readNodeNetworkStates(readFileSync(join(__dirname, "../../examples/nns", file), "utf8"), file);
  assert.ok(read.ok);
  return read.states[0];
}

describe("bond diff against NodeNetworkStates on a kube-apiserver", () => {
  // The server starts in mocha's global setup, after this file is loaded.
  let custom: k8s.CustomObjectsApi;
  // A reused server keeps objects between runs: node names of this run only.
  const suffix = runSuffix();
  const node = (n: number) => `worker-${n}.${suffix}.lab`;
  const hosts = labHosts().map((h, n) => ({ ...h, node: node(n) }));

  before(async () => {
    custom = testKubeConfig("site-a").makeApiClient(k8s.CustomObjectsApi);
    for (const [n, file] of ["worker-0.lab.yaml", "worker-1.lab.yaml"].entries()) {
      const { status } = sample(file);
      const name = node(n);
      await custom.createClusterCustomObject({ group, version, plural, body: { apiVersion: `${group}/${version}`, kind: "NodeNetworkState", metadata: { name } } });
      // As the nmstate handler does: the state goes in through the status subresource.
      await custom.patchClusterCustomObjectStatus(
        { group, version, plural, name, body: { status } },
        k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
      );
    }
  });

  after(async () => {
    for (const n of [0, 1]) await custom.deleteClusterCustomObject({ group, version, plural, name: node(n) }).catch(() => undefined);
  });

  it("lists the nodes' states with the topology's context and finds worker-0 bonded, worker-1 not", async () => {
    const read = await fetchNodeNetworkStates({ kubeconfig: process.env.HARMONY_TEST_KUBECONFIG, context: "site-b" });
    assert.ok(read.ok, read.ok ? "" : read.error);
    const mine = read.states.filter((s) => s.metadata.name.includes(suffix));
    assert.deepEqual(mine.map((s) => [s.kind, s.metadata.name]).sort(), [
      ["NodeNetworkState", node(0)],
      ["NodeNetworkState", node(1)],
    ]);
    const [w0, w1] = diffBonds(labModel({ hosts }), "labBonds", read.states).hosts;
    assert.equal(w0.changed, false, w0.current);
    assert.deepEqual(w0.problems, []);
    assert.equal(w1.changed, true);
    assert.ok(w1.current.includes("enabled: true") && !w1.current.includes("bond0\n    type: bond"));
  });

  it("reports a node with no NodeNetworkState on the cluster and still diffs the others", async () => {
    const read = await fetchNodeNetworkStates({ kubeconfig: process.env.HARMONY_TEST_KUBECONFIG, context: "site-a" });
    assert.ok(read.ok);
    const withGhost = [...hosts, { name: "worker-9", node: `worker-9.${suffix}.lab`, nics: hosts[0].nics }];
    const report = diffBonds(labModel({ hosts: withGhost }), "labBonds", read.states);
    assert.deepEqual(report.hosts.map((h) => [h.host, h.changed, h.problems.map((p) => p.severity)]), [
      ["worker-0", false, []],
      ["worker-1", true, ["warning"]], // HARMONY1301: its eno1 carries the default route
      ["worker-9", true, ["error"]],
    ]);
  });

  it("names a malformed NodeNetworkState on the cluster and its field instead of diffing it", async () => {
    const name = `worker-bad.${suffix}.lab`;
    await custom.createClusterCustomObject({ group, version, plural, body: { apiVersion: `${group}/${version}`, kind: "NodeNetworkState", metadata: { name } } });
    try {
      // A handler that wrote an interface without its name.
      await custom.patchClusterCustomObjectStatus(
        { group, version, plural, name, body: { status: { currentState: { interfaces: [{ type: "ethernet", state: "up" }] } } } },
        k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
      );
      const read = await fetchNodeNetworkStates({ kubeconfig: process.env.HARMONY_TEST_KUBECONFIG, context: "site-a" });
      assert.ok(!read.ok);
      assert.match(read.error, new RegExp(`NodeNetworkState "${name.replace(/\./g, "\\.")}" is malformed: .*interfaces.*name`));
    } finally {
      await custom.deleteClusterCustomObject({ group, version, plural, name }).catch(() => undefined);
    }
  });

  it("names the context it cannot find, and the ones there are", async () => {
    const read = await fetchNodeNetworkStates({ kubeconfig: process.env.HARMONY_TEST_KUBECONFIG, context: "okd-lab" });
    assert.ok(!read.ok);
    assert.match(read.error, /context `okd-lab` not found in .*; contexts there: site-a, site-b/);
  });

  it("harmony bonds --kubeconfig diffs the cluster's nodes and exits 1 for worker-1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "harmony-bonds-kube-"));
    try {
      const model = join(dir, "lab.model.json");
      writeFileSync(model, JSON.stringify(labModel({ hosts, context: "site-a" })));
      let out = "";
      let err = "";
      const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t + "\n"), cwd: dir, env: {} };
      const code = await runCli(["bonds", model, "--kubeconfig", process.env.HARMONY_TEST_KUBECONFIG!, "--format", "json"], io);
      assert.equal(code, 1, err);
      assert.deepEqual(JSON.parse(out).hosts.map((h: { host: string; changed: boolean }) => [h.host, h.changed]), [
        ["worker-0", false],
        ["worker-1", true],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
