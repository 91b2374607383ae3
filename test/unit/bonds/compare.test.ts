import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { diffBonds, readNodeNetworkStates, type BondDiff } from "../../../engine/bonds";
import { labHosts, labModel } from "./lab";
import { bondedWorker0, nns, withBond, type Iface } from "./nns";

function worker0(interfaces: Iface[], model = labModel()): BondDiff {
  return diffBonds(model, "labBonds", [nns("worker-0.lab", interfaces)]).hosts[0];
}

function changedLines(d: BondDiff): string[] {
  const cur = d.current.split("\n");
  const des = d.desired.split("\n");
  return [...cur.filter((l) => !des.includes(l)).map((l) => `-${l.trim()}`), ...des.filter((l) => !cur.includes(l)).map((l) => `+${l.trim()}`)];
}

describe("bond comparison", () => {
  it("finds nothing to change on a host bonded as desired", () => {
    const d = worker0(bondedWorker0());
    assert.equal(d.changed, false);
    assert.equal(d.current, d.desired);
    assert.deepEqual(d.problems, []);
  });

  describe("reads every spelling nmstate has used", () => {
    const spellings: [string, (bond: Iface) => void][] = [
      ["ports instead of port", (b) => {
        const la = b["link-aggregation"] as Iface;
        la.ports = la.port;
        delete la.port;
      }],
      ["deprecated slaves instead of port", (b) => {
        const la = b["link-aggregation"] as Iface;
        la.slaves = la.port;
        delete la.port;
      }],
      ["bond instead of link-aggregation", (b) => {
        b.bond = b["link-aggregation"];
        delete b["link-aggregation"];
      }],
      ["mode lacp", (b) => ((b["link-aggregation"] as Iface).mode = "lacp")],
      ["mode LACP in upper case", (b) => ((b["link-aggregation"] as Iface).mode = "LACP")],
      ["mode 4, the kernel's number", (b) => ((b["link-aggregation"] as Iface).mode = 4)],
      ["mode \"4\" as a string", (b) => ((b["link-aggregation"] as Iface).mode = "4")],
      ["option values as strings", (b) => ((b["link-aggregation"] as Iface).options = { miimon: "100" })],
      ["MACs in upper case", (b) => (b["mac-address"] = "AA:BB:CC:00:00:01")],
      ["MACs with dashes", (b) => (b["mac-address"] = "aa-bb-cc-00-00-01")],
      ["ports in another order", (b) => ((b["link-aggregation"] as Iface).port = ["eno2", "eno1"])],
      ["ports as objects", (b) => ((b["link-aggregation"] as Iface).port = [{ name: "eno1" }, { name: "eno2" }])],
      ["booleans as strings", (b) => (b.ipv4 = { enabled: "true", dhcp: "true" })],
      ["all the old spellings at once", (b) => {
        b.bond = { mode: "lacp", options: { miimon: "100" }, slaves: ["eno2", "eno1"] };
        delete b["link-aggregation"];
        b["mac-address"] = "AA:BB:CC:00:00:01";
      }],
    ];
    for (const [name, spell] of spellings) {
      it(name, () => {
        const d = worker0(withBond(spell));
        assert.equal(d.changed, false, d.current);
        assert.equal(d.current, d.desired);
      });
    }

    it("MACs in any case on the ports too", () => {
      const ifaces = bondedWorker0();
      ifaces[0]["mac-address"] = "AA:BB:CC:00:00:01";
      ifaces[1]["permanent-mac-address"] = "AA-BB-CC-00-00-02";
      assert.equal(worker0(ifaces).changed, false);
      assert.deepEqual(worker0(ifaces).problems, []);
    });
  });

  describe("compares only what the desired state sets", () => {
    it("leaves runtime and defaulted fields out of both sides", () => {
      const ifaces = withBond((b) => {
        b.mtu = 9000;
        b.ethtool = { feature: { "rx-gro": true } };
        b.lldp = { enabled: false };
        b["accept-all-mac-addresses"] = false;
        b.ipv4 = { enabled: true, dhcp: true, "auto-dns": true, address: [{ ip: "10.10.0.21", "prefix-length": 24 }] };
        (b["link-aggregation"] as Iface).options = { miimon: 100, lacp_rate: "slow", xmit_hash_policy: "layer2", ad_select: "stable" };
      });
      ifaces[0].mtu = 1500;
      ifaces[0].ethernet = { speed: 10000, duplex: "full" };
      ifaces.push({ name: "lo", type: "loopback", state: "up", mtu: 65536 });
      const d = worker0(ifaces);
      assert.equal(d.changed, false);
      for (const noise of ["mtu", "ethtool", "lldp", "address", "lacp_rate", "xmit_hash_policy", "auto-dns", "lo", "mac-address"]) {
        assert.ok(!d.current.includes(noise), `${noise} is not in the current side`);
      }
    });

    it("shows a real change, and only it", () => {
      const d = worker0(withBond((b) => {
        b.mtu = 9000;
        (b["link-aggregation"] as Iface).mode = "active-backup";
        (b["link-aggregation"] as Iface).options = { miimon: "50", updelay: 0 };
      }));
      assert.equal(d.changed, true);
      assert.deepEqual(changedLines(d), ["-mode: active-backup", "-miimon: 50", "+mode: 802.3ad", "+miimon: 100"]);
    });

    it("shows a port that is missing from the bond", () => {
      const d = worker0(withBond((b) => ((b["link-aggregation"] as Iface).port = ["eno1"])));
      assert.deepEqual(changedLines(d), ["+- eno2"]);
    });

    it("shows a field the node does not report as an addition", () => {
      const d = worker0(withBond((b) => delete b.description));
      assert.deepEqual(changedLines(d), ["+description: HARMONY - Network bond for host worker-0"]);
    });

    it("shows an interface the node does not have as an addition", () => {
      const d = worker0(bondedWorker0().slice(0, 2));
      assert.equal(d.changed, true);
      assert.doesNotMatch(d.current, /name: bond0/);
      assert.ok(d.desired.includes("name: bond0"));
    });
  });

  describe("copy-mac-from", () => {
    it("holds when the bond's MAC is its first port's own MAC", () => {
      assert.ok(worker0(bondedWorker0()).current.includes("copy-mac-from: eno1"));
    });

    it("does not hold when the bond has another port's MAC", () => {
      const d = worker0(withBond((b) => (b["mac-address"] = "aa:bb:cc:00:00:02")));
      assert.deepEqual(changedLines(d), ["+copy-mac-from: eno1"]);
    });

    it("goes by the port's permanent MAC, since a bond rewrites its ports' MACs", () => {
      const ifaces = withBond((b) => (b["mac-address"] = "aa:bb:cc:00:00:02"));
      ifaces[0]["mac-address"] = "aa:bb:cc:00:00:02"; // rewritten by the bond
      ifaces[0]["permanent-mac-address"] = "aa:bb:cc:00:00:01";
      assert.deepEqual(changedLines(worker0(ifaces)), ["+copy-mac-from: eno1"]);
    });

    it("falls back to the topology's MAC when the port reports no permanent MAC", () => {
      const ifaces = bondedWorker0();
      ifaces[0]["mac-address"] = "aa:bb:cc:00:00:02";
      ifaces[1]["mac-address"] = "aa:bb:cc:00:00:02";
      delete ifaces[1]["permanent-mac-address"];
      ifaces[2]["mac-address"] = "aa:bb:cc:00:00:02";
      // eno1's own MAC (aa:bb:cc:00:00:01, from the topology) is not the bond's.
      assert.deepEqual(changedLines(worker0(ifaces)).filter((l) => l.includes("copy-mac")), ["+copy-mac-from: eno1"]);
    });

    it("does not hold when the bond reports no MAC", () => {
      assert.deepEqual(changedLines(worker0(withBond((b) => delete b["mac-address"]))), ["+copy-mac-from: eno1"]);
    });
  });

  describe("hosts and their nodes", () => {
    it("reports a host with no NodeNetworkState and still diffs the others", () => {
      const report = diffBonds(labModel(), "labBonds", [nns("worker-0.lab", bondedWorker0())]);
      const [w0, w1] = report.hosts;
      assert.equal(w0.changed, false);
      assert.deepEqual(w0.problems, []);
      assert.equal(w1.host, "worker-1");
      assert.equal(w1.current, "");
      assert.equal(w1.problems.length, 1);
      assert.equal(w1.problems[0].severity, "error");
      assert.match(w1.problems[0].message, /no NodeNetworkState named "worker-1.lab" for host "worker-1".*NodeNetworkStates read: worker-0.lab/);
    });

    it("warns when a NIC of the topology is not on the node, naming the interface with its MAC", () => {
      const ifaces = bondedWorker0();
      ifaces[0].name = "ens1f0";
      const d = worker0(ifaces);
      assert.deepEqual(d.problems.map((p) => p.severity), ["warning"]);
      assert.match(d.problems[0].message, /NIC eno1 of host "worker-0" is not on node worker-0.lab; the interface with MAC aa:bb:cc:00:00:01 there is ens1f0/);
    });

    it("warns when a NIC's MAC is not the one the topology declares", () => {
      const hosts = labHosts();
      hosts[0].nics[1].mac = "AA:BB:CC:00:00:99";
      const d = worker0(bondedWorker0(), labModel({ hosts }));
      assert.deepEqual(d.problems.map((p) => p.message), ["NIC eno2 on node worker-0.lab has MAC aa:bb:cc:00:00:02; the topology says aa:bb:cc:00:00:99"]);
    });
  });
});

describe("MAC cross-check on bonded ports", () => {
  const fixture = (name: string) => {
    const read = readNodeNetworkStates(readFileSync(join(__dirname, "../../fixtures/nmstate", name), "utf8"), name);
    assert.ok(read.ok, read.ok ? "" : read.error);
    return read.states;
  };

  it("does not call a bonded port's MAC a mismatch when it is the bond's and no permanent MAC is reported", () => {
    const report = diffBonds(labModel(), "labBonds", fixture("bonded-ports-report-bond-mac.yaml"));
    const w0 = report.hosts[0];
    assert.equal(w0.changed, false, w0.current);
    assert.deepEqual(w0.problems, []);
  });

  it("still warns when the permanent MAC of a bonded port is not the topology's", () => {
    const [state] = fixture("bonded-ports-report-bond-mac.yaml");
    const eno2 = state.status!.currentState!.interfaces.find((i) => i.name === "eno2")!;
    (eno2 as Iface)["permanent-mac-address"] = "AA:BB:CC:00:00:77";
    const d = diffBonds(labModel(), "labBonds", [state]).hosts[0];
    assert.deepEqual(d.problems.map((p) => p.message), ["NIC eno2 on node worker-0.lab has MAC aa:bb:cc:00:00:77; the topology says aa:bb:cc:00:00:02"]);
  });

  it("still warns when an unbonded NIC reports another MAC than the topology's", () => {
    const ifaces: Iface[] = [
      { name: "eno1", type: "ethernet", state: "up", "mac-address": "aa:bb:cc:00:00:01" },
      { name: "eno2", type: "ethernet", state: "up", "mac-address": "aa:bb:cc:00:00:55" },
    ];
    const d = worker0(ifaces);
    assert.deepEqual(d.problems.map((p) => p.message), ["NIC eno2 on node worker-0.lab has MAC aa:bb:cc:00:00:55; the topology says aa:bb:cc:00:00:02"]);
  });
});
