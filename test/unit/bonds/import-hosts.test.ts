import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hostsFromStates, readNodeNetworkStates } from "../../../engine/bonds";
import { analyzeFiles, type Analysis } from "../../../language/analyzer";
import { applyEdits, planEdits } from "../../../language/edits";
import type { ImportedHost } from "../../../shared/protocol/lsp";

const LAB = readFileSync(join(__dirname, "../../../examples/lab.topology.ts"), "utf8");

function inventory(): ImportedHost[] {
  const read = readNodeNetworkStates(readFileSync(join(__dirname, "../../fixtures/nmstate/inventory.yaml"), "utf8"), "inventory.yaml");
  assert.ok(read.ok, read.ok ? "" : read.error);
  return hostsFromStates(read.states);
}

function analyzeSource(text: string): Analysis {
  const dir = mkdtempSync(join(tmpdir(), "harmony-import-"));
  try {
    const file = join(dir, "lab.topology.ts");
    writeFileSync(file, text);
    return analyzeFiles([file]).get(file)!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function importInto(text: string, hosts: ImportedHost[], topologyId = "lab"): string {
  const plan = planEdits(text, { kind: "importHosts", topologyId, hosts });
  assert.ok(plan.ok, plan.ok ? "" : plan.message);
  return applyEdits(text, plan.edits);
}

describe("hosts from NodeNetworkStates", () => {
  it("keeps each node's physical NICs with their permanent MACs, and leaves loopback, bridges, veths, VLANs, bonds, OVS and tunnels out", () => {
    assert.deepEqual(inventory(), [
      { name: "master-0", nics: [{ name: "enp1s0", mac: "52:54:00:aa:00:01" }] },
      {
        name: "worker-0",
        node: "worker-0.lab",
        // eno1 is a bond port reporting the bond's MAC and no permanent one: its own MAC is unknown.
        nics: [{ name: "eno1" }, { name: "eno2", mac: "aa:bb:cc:00:00:02" }],
      },
      {
        name: "worker-1",
        node: "worker-1.lab",
        nics: [
          { name: "eno1", mac: "aa:bb:cc:00:01:01" },
          { name: "eno2", mac: "aa:bb:cc:00:01:02" },
          { name: "ens3f0", mac: "aa:bb:cc:00:01:03" },
        ],
      },
    ]);
  });
});

describe("writing imported hosts into an okdCluster", () => {
  it("updates existing hosts in place, appends new hosts and NICs, and keeps comments and other fields", () => {
    const text = LAB.replace(`{ name: "eno2", mac: "aa:bb:cc:00:00:02", switchPort: "Ethernet1/2" },`, `{ name: "eno2", mac: "aa:bb:cc:00:00:99", switchPort: "Ethernet1/2" }, // swapped card`);
    const after = importInto(text, inventory());
    // worker-0's eno2 gets its real MAC, its comment and switch port stay; eno1 (MAC unknown) is untouched.
    assert.ok(after.includes(`{ name: "eno2", mac: "aa:bb:cc:00:00:02", switchPort: "Ethernet1/2" }, // swapped card`), after);
    assert.ok(after.includes(`{ name: "eno1", mac: "aa:bb:cc:00:00:01", switchPort: "Ethernet1/1" },`));
    // worker-1 gains ens3f0 after its two NICs.
    assert.ok(after.includes(`        { name: "eno2", mac: "aa:bb:cc:00:01:02", switchPort: "Ethernet1/4" },\n        { name: "ens3f0", mac: "aa:bb:cc:00:01:03" },\n      ],`), after);
    // master-0 is appended in the list's style.
    assert.ok(after.includes(`    {\n      name: "master-0",\n      nics: [\n        { name: "enp1s0", mac: "52:54:00:aa:00:01" },\n      ],\n    },\n  ],\n});`), after);
    // Every other line is still there, in order.
    const kept = text.split("\n").filter((l) => !l.includes("aa:bb:cc:00:00:99"));
    let i = 0;
    for (const line of after.split("\n")) if (line === kept[i]) i++;
    assert.equal(i, kept.length, `lost line: ${kept[i]}`);
  });

  it("changes nothing the second time", () => {
    const once = importInto(LAB, inventory());
    const plan = planEdits(once, { kind: "importHosts", topologyId: "lab", hosts: inventory() });
    assert.ok(plan.ok);
    assert.deepEqual(plan.edits, []);
  });

  it("writes a hosts list into an okdCluster that has none, and the result checks clean", () => {
    const text = `import { okdCluster, deploy, hostBonds } from "@harmony/topology";

// The lab, before its hosts were known.
export const lab = okdCluster({
  name: "okd-lab",
  context: "okd-lab",
});

export const labBonds = deploy(lab, hostBonds({ name: "lab-bonds" }));
`;
    const after = importInto(text, inventory());
    assert.match(after, /  context: "okd-lab",\n  hosts: \[\n    \{\n      name: "master-0",\n/);
    assert.match(after, /\/\/ The lab, before its hosts were known\./);
    const { diagnostics, model } = analyzeSource(after);
    assert.deepEqual(diagnostics.filter((d) => d.severity === "error").map((d) => d.message), []);
    const hosts = model.topologies.find((t) => t.id === "lab")!.spec.hosts as { name: string; nics: unknown[] }[];
    assert.deepEqual(hosts.map((h) => [h.name, h.nics.length]), [["master-0", 1], ["worker-0", 2], ["worker-1", 3]]);
  });

  it("refuses a topology that is not an okdCluster, and hosts not written as a list", () => {
    const text = `import { k8sAnywhere, okdCluster } from "@harmony/topology";
const known = [{ name: "w", nics: [] }];
export const site = k8sAnywhere({ name: "site" });
export const lab = okdCluster({ name: "lab", hosts: known });
`;
    const notOkd = planEdits(text, { kind: "importHosts", topologyId: "site", hosts: inventory() });
    assert.ok(!notOkd.ok);
    assert.match(notOkd.message, /site is not an okdCluster/);
    const notList = planEdits(text, { kind: "importHosts", topologyId: "lab", hosts: inventory() });
    assert.ok(!notList.ok);
    assert.match(notList.message, /not written as a list here/);
  });
});
