import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { diffBonds, readNodeNetworkStates, type BondDiff } from "../../../engine/bonds";
import type { NodeNetworkState } from "../../../shared/model";
import { labHosts, labModel, type LabHost } from "./lab";
import { bondedWorker0, nns, type Iface } from "./nns";

function state(path: string): NodeNetworkState {
  const read = readNodeNetworkStates(readFileSync(join(__dirname, "../../..", path), "utf8"), path);
  assert.ok(read.ok, read.ok ? "" : read.error);
  return read.states[0];
}

function worker2(nics: string[]): LabHost {
  return { name: "worker-2", node: "worker-2.lab", nics: nics.map((n, i) => ({ name: n, mac: `aa:bb:cc:00:02:0${i + 1}` })) };
}

function diffOne(host: LabHost, s: NodeNetworkState, internalIPs: string[] = []): BondDiff {
  return diffBonds(labModel({ hosts: [host] }), "labBonds", [s], [{ node: host.node!, internalIPs }]).hosts[0];
}

const lockoutMessages = (d: BondDiff) => d.problems.filter((p) => p.code === "HARMONY1301").map((p) => p.message);

describe("lockout check", () => {
  it("warns when the bond takes the NIC carrying the default route and the node's InternalIP, naming both", () => {
    const d = diffOne(labHosts()[1], state("examples/nns/worker-1.lab.yaml"), ["10.10.0.22"]);
    assert.deepEqual(d.lockout.map((r) => [r.node, r.nic]), [["worker-1.lab", "eno1"]]);
    const [message] = lockoutMessages(d);
    assert.match(message, /bonding eno1 into bond0 may cut node worker-1\.lab off: eno1 carries the default route 0\.0\.0\.0\/0 via 10\.10\.0\.1, and holds the node's InternalIP 10\.10\.0\.22/);
    assert.equal(d.problems.find((p) => p.code === "HARMONY1301")?.severity, "warning");
  });

  it("says nothing of a bond over spare NICs", () => {
    const d = diffOne(worker2(["eno2", "eno3"]), state("test/fixtures/nmstate/worker-2-vlan.yaml"), ["10.20.0.32"]);
    assert.equal(d.changed, true);
    assert.deepEqual(d.lockout, []);
    assert.deepEqual(lockoutMessages(d), []);
  });

  it("follows the route and the address to a VLAN on the NIC", () => {
    const d = diffOne(worker2(["eno1", "eno3"]), state("test/fixtures/nmstate/worker-2-vlan.yaml"), ["10.20.0.32"]);
    assert.deepEqual(d.lockout.map((r) => r.nic), ["eno1"]);
    assert.deepEqual(d.lockout[0].reasons, [
      "carries the default route 0.0.0.0/0 via 10.20.0.1 (on eno1.100)",
      "holds the node's InternalIP 10.20.0.32 (on eno1.100)",
    ]);
  });

  it("checks the route alone when the Node's addresses are not known", () => {
    const d = diffOne(labHosts()[1], state("examples/nns/worker-1.lab.yaml"));
    assert.deepEqual(d.lockout[0].reasons, ["carries the default route 0.0.0.0/0 via 10.10.0.1"]);
  });

  it("warns when the NIC is the node's only link that is up", () => {
    const ifaces: Iface[] = [
      { name: "eno1", type: "ethernet", state: "up", "mac-address": "aa:bb:cc:00:00:01" },
      { name: "eno2", type: "ethernet", state: "down", "mac-address": "aa:bb:cc:00:00:02" },
      { name: "lo", type: "loopback", state: "up" },
    ];
    const d = diffOne(labHosts()[0], nns("worker-0.lab", ifaces));
    assert.deepEqual(d.lockout.map((r) => [r.nic, r.reasons]), [["eno1", ["is the node's only link that is up"]]]);
  });

  it("warns when another bond carrying the route would lose its ports", () => {
    const ifaces = bondedWorker0();
    ifaces[2].name = "bond1";
    for (const port of ifaces.slice(0, 2)) port.description = "Member of bond bond1";
    const s = nns("worker-0.lab", ifaces);
    s.status!.currentState!.routes = { running: [{ destination: "0.0.0.0/0", "next-hop-interface": "bond1", "next-hop-address": "10.10.0.1" }] };
    const d = diffOne(labHosts()[0], s);
    assert.deepEqual(d.lockout.map((r) => [r.nic, r.reasons]), [
      ["eno1", ["carries the default route 0.0.0.0/0 via 10.10.0.1 (on bond1)"]],
      ["eno2", ["carries the default route 0.0.0.0/0 via 10.10.0.1 (on bond1)"]],
    ]);
  });

  it("says nothing when the host is already bonded as desired, though the bond carries the route", () => {
    const s = state("examples/nns/worker-0.lab.yaml");
    const d = diffOne(labHosts()[0], s, ["10.10.0.21"]);
    assert.equal(d.changed, false);
    assert.deepEqual(d.lockout, []);
  });

  it("says nothing when the desired bond exists and only its settings change", () => {
    const s = state("examples/nns/worker-0.lab.yaml");
    const d = diffBonds(labModel({ bonds: { name: "lab-bonds", miimon: 50 } }), "labBonds", [s], [{ node: "worker-0.lab", internalIPs: ["10.10.0.21"] }]).hosts[0];
    assert.equal(d.changed, true);
    assert.deepEqual(d.lockout, []);
  });
});
