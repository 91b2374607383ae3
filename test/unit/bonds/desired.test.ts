import { strict as assert } from "node:assert";
import { bondDeployments, desiredBonds, desiredHostState, desiredPolicies } from "../../../engine/bonds";
import { labHosts, labModel } from "./lab";

describe("desired host bonds", () => {
  it("bonds all of a host's NICs, in order, into bond0 in 802.3ad with miimon 100 by default", () => {
    const d = desiredBonds(labModel(), "labBonds");
    assert.deepEqual(d.problems, []);
    assert.deepEqual(d.settings, { bond: "bond0", mode: "802.3ad", miimon: 100 });
    assert.deepEqual(
      d.hosts.map((h) => [h.host, h.node, h.state.interfaces.map((i) => i.name)]),
      [
        ["worker-0", "worker-0.lab", ["eno1", "eno2", "bond0"]],
        ["worker-1", "worker-1.lab", ["eno1", "eno2", "bond0"]],
      ],
    );
  });

  it("writes member NICs and the bond as Harmony's OpenShiftNmStateNetworkManager does", () => {
    const state = desiredHostState("worker-0", ["eno1", "eno2"], { bond: "bond0", mode: "802.3ad", miimon: 100 });
    assert.deepEqual(state.interfaces, [
      { name: "eno1", type: "ethernet", state: "up", description: "Member of bond bond0", ipv4: { enabled: false }, ipv6: { enabled: false } },
      { name: "eno2", type: "ethernet", state: "up", description: "Member of bond bond0", ipv4: { enabled: false }, ipv6: { enabled: false } },
      {
        name: "bond0",
        type: "bond",
        state: "up",
        description: "HARMONY - Network bond for host worker-0",
        "copy-mac-from": "eno1",
        ipv4: { enabled: true, dhcp: true },
        ipv6: { enabled: false },
        "link-aggregation": { mode: "802.3ad", options: { miimon: 100 }, port: ["eno1", "eno2"] },
      },
    ]);
    for (const member of state.interfaces.slice(0, 2)) {
      assert.ok(!("mtu" in member) && !("mac-address" in member), "members have no mtu or MAC of their own");
    }
  });

  it("takes bond name, mode (lacp and numbers read as nmstate names) and miimon from the score", () => {
    const d = desiredBonds(labModel({ bonds: { name: "lab-bonds", bond: "bond1", mode: "lacp", miimon: 250 } }), "labBonds");
    assert.deepEqual(d.settings, { bond: "bond1", mode: "802.3ad", miimon: 250 });
    assert.equal(d.hosts[0].state.interfaces[0].description, "Member of bond bond1");
    assert.equal(desiredBonds(labModel({ bonds: { name: "lab-bonds", mode: 1 } }), "labBonds").settings.mode, "active-backup");
  });

  it("makes one nmstate.io/v1 policy per host, selecting its node", () => {
    const { policies, problems } = desiredPolicies(labModel(), "labBonds");
    assert.deepEqual(problems, []);
    assert.deepEqual(
      policies.map((p) => [p.apiVersion, p.kind, p.metadata.name, p.spec.nodeSelector]),
      [
        ["nmstate.io/v1", "NodeNetworkConfigurationPolicy", "harmony-bond0-worker-0", { "kubernetes.io/hostname": "worker-0.lab" }],
        ["nmstate.io/v1", "NodeNetworkConfigurationPolicy", "harmony-bond0-worker-1", { "kubernetes.io/hostname": "worker-1.lab" }],
      ],
    );
    assert.equal(policies[0].metadata.labels?.["app.kubernetes.io/managed-by"], "harmony");
    assert.deepEqual(policies[1].spec.desiredState, desiredBonds(labModel(), "labBonds").hosts[1].state);
  });

  it("finds the deployment by const name or by score name, and names the candidates when it cannot", () => {
    assert.equal(desiredBonds(labModel(), "lab-bonds").deployment, "labBonds");
    const missing = desiredBonds(labModel(), "nope");
    assert.equal(missing.hosts.length, 0);
    assert.match(missing.problems[0].message, /no deployment "nope" .*hostBonds deployments there: labBonds/);
    assert.deepEqual(bondDeployments(labModel()).map((d) => d.id), ["labBonds"]);
  });

  it("uses the host's name as its node when it has no node", () => {
    const hosts = labHosts();
    delete hosts[1].node;
    assert.equal(desiredBonds(labModel({ hosts }), "labBonds").hosts[1].node, "worker-1");
  });

  it("bonds only the hosts a score names, and reports a host the cluster lacks", () => {
    const d = desiredBonds(labModel({ bonds: { name: "lab-bonds", hosts: ["worker-1", "worker-9"] } }), "labBonds");
    assert.deepEqual(d.hosts.map((h) => h.host), ["worker-1"]);
    assert.equal(d.problems.length, 1);
    assert.match(d.problems[0].message, /host "worker-9", which topology "okd-lab" does not have; its hosts: worker-0, worker-1/);
  });

  it("reports an invalid MAC in the topology as HARMONY1201 for that host", () => {
    const hosts = labHosts();
    hosts[0].nics[1].mac = "aa:bb:cc:00:00:zz";
    const d = desiredBonds(labModel({ hosts }), "labBonds");
    assert.deepEqual(
      d.problems.map((p) => [p.host, p.code, p.severity]),
      [["worker-0", "HARMONY1201", "error"]],
    );
    assert.match(d.problems[0].message, /NIC eno2 of host "worker-0": "aa:bb:cc:00:00:zz" is not a MAC address/);
    assert.equal(d.hosts.length, 2, "the bond is still desired");
  });

  it("says which spec value cannot be evaluated statically", () => {
    const model = labModel({ bonds: { name: "lab-bonds", miimon: { $unevaluated: "call to f()" } } });
    assert.match(desiredBonds(model, "labBonds").problems[0].message, /miimon of score "lab-bonds" cannot be evaluated statically \(call to f\(\)\)/);
  });
});
