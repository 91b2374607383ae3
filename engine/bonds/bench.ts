// `npm run bench`: the bond diff of 50 and 500 generated hosts, half already bonded (old spelling,
// runtime noise), half not; median of several runs, in milliseconds, and how it grows.
import { inlineId, type NodeNetworkState, type SpecObject, type TopologyModel } from "../../shared/model";
import { diffBonds, unifiedBondDiff } from "./diff";

const at = { file: "/bench.topology.ts", range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
const hex = (n: number) => n.toString(16).padStart(2, "0").toUpperCase();
const mac = (i: number, k: number) => `AA:BB:CC:${hex(i >> 8)}:${hex(i & 255)}:${hex(k)}`;

function benchModel(count: number): TopologyModel {
  const hosts = Array.from({ length: count }, (_, i) => ({
    name: `worker-${i}`,
    node: `worker-${i}.bench`,
    nics: [1, 2].map((k) => ({ name: `eno${k}`, mac: mac(i, k).toLowerCase() })),
  }));
  const score = inlineId("bonds", "score");
  return {
    file: at.file,
    topologies: [
      { id: "cluster", name: "bench", kind: "okdCluster", userDefined: false, spec: { name: "bench", hosts } as unknown as SpecObject, capabilities: ["NetworkManager"], location: at, nameLocation: at, external: false },
    ],
    scores: [
      { id: score, name: "bench-bonds", kind: "hostBonds", userDefined: false, spec: { name: "bench-bonds" }, requires: ["NetworkManager"], location: at, nameLocation: at, external: false, inline: true, owner: "bonds" },
    ],
    deployments: [{ id: "bonds", topology: "cluster", score, missing: [], location: at, nameLocation: at }],
    capabilities: [],
  };
}

function benchStates(count: number): NodeNetworkState[] {
  return Array.from({ length: count }, (_, i) => {
    const bonded = i % 2 === 0;
    const nic = (k: number) => ({
      name: `eno${k}`,
      type: "ethernet",
      state: "up",
      ...(bonded ? { description: "Member of bond bond0" } : {}),
      "mac-address": mac(i, bonded ? 1 : k),
      "permanent-mac-address": mac(i, k),
      mtu: 1500,
      ethtool: { feature: { "rx-gro": true } },
      lldp: { enabled: false },
      ipv4: bonded || k === 2 ? { enabled: false } : { enabled: true, dhcp: true, address: [{ ip: `10.1.${i >> 8}.${i & 255}`, "prefix-length": 16 }] },
      ipv6: { enabled: false },
    });
    const interfaces: Record<string, unknown>[] = [nic(1), nic(2), { name: "lo", type: "loopback", state: "up", mtu: 65536 }];
    if (bonded) {
      interfaces.unshift({
        name: "bond0",
        type: "bond",
        state: "up",
        description: `HARMONY - Network bond for host worker-${i}`,
        "mac-address": mac(i, 1),
        mtu: 1500,
        ipv4: { enabled: true, dhcp: true, address: [{ ip: `10.1.${i >> 8}.${i & 255}`, "prefix-length": 16 }] },
        ipv6: { enabled: false },
        bond: { mode: "lacp", options: { miimon: "100", lacp_rate: "slow" }, slaves: ["eno2", "eno1"] },
      });
    }
    return {
      apiVersion: "nmstate.io/v1beta1",
      kind: "NodeNetworkState",
      metadata: { name: `worker-${i}.bench` },
      status: { currentState: { interfaces: interfaces as never } },
    };
  });
}

/** Median and best of `runs` timings, in ms; the best shows the cost when the cores are shared. */
function timeMs(runs: number, f: () => void): { median: number; best: number } {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return { median: round(times[Math.floor(times.length / 2)]), best: round(times[0]) };
}

/** Diffs 50 and 500 generated hosts (diff texts included); median ms of several runs and the growth ratio. */
export async function benchBonds(): Promise<{ name: string; figures: Record<string, number | string> }[]> {
  const figures: Record<string, number | string> = {};
  const median: Record<number, number> = {};
  for (const count of [50, 500]) {
    const model = benchModel(count);
    const states = benchStates(count);
    const once = () => {
      const report = diffBonds(model, "bonds", states);
      for (const h of report.hosts) unifiedBondDiff(h);
    };
    once(); // warm up
    const t = timeMs(count === 50 ? 15 : 7, once);
    median[count] = t.median;
    figures[`${count} hosts (ms, median)`] = t.median;
    figures[`${count} hosts (ms, best)`] = t.best;
  }
  figures["500/50 ratio (10 = linear)"] = Math.round((median[500] / median[50]) * 10) / 10;
  figures["500 hosts goal (ms)"] = 200;
  return [{ name: "bond diff", figures }];
}
