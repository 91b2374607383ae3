// Hand-built models of the examples' lab, so the bond differ is tested without the analyzer.
import type { Deployment, Score, SpecObject, Topology, TopologyModel } from "../../../shared/model";

const here = { file: "/lab.topology.ts", range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };

export interface LabHost {
  name: string;
  node?: string;
  nics: { name: string; mac: string }[];
}

/** The lab's two workers, as examples/lab.topology.ts declares them. */
export function labHosts(): LabHost[] {
  return [
    {
      name: "worker-0",
      node: "worker-0.lab",
      nics: [
        { name: "eno1", mac: "aa:bb:cc:00:00:01" },
        { name: "eno2", mac: "aa:bb:cc:00:00:02" },
      ],
    },
    {
      name: "worker-1",
      node: "worker-1.lab",
      nics: [
        { name: "eno1", mac: "aa:bb:cc:00:01:01" },
        { name: "eno2", mac: "aa:bb:cc:00:01:02" },
      ],
    },
  ];
}

function topology(id: string, name: string, spec: SpecObject): Topology {
  return { id, name, kind: "okdCluster", userDefined: false, constName: id, spec: { name, ...spec }, capabilities: ["NetworkManager"], location: here, nameLocation: here, external: false };
}

function score(id: string, spec: SpecObject): Score {
  return { id, name: String(spec.name), kind: "hostBonds", userDefined: false, constName: id, spec, requires: ["NetworkManager"], location: here, nameLocation: here, external: false };
}

function deployment(id: string, topologyId: string, scoreId: string): Deployment {
  return { id, constName: id, topology: topologyId, score: scoreId, missing: [], location: here, nameLocation: here };
}

/** The lab model: okdCluster "okd-lab" and deployment `labBonds` of hostBonds "lab-bonds". */
export function labModel(opts: { hosts?: LabHost[]; bonds?: SpecObject; context?: string } = {}): TopologyModel {
  const hosts = (opts.hosts ?? labHosts()) as unknown as SpecObject[];
  return {
    file: "/lab.topology.ts",
    topologies: [topology("lab", "okd-lab", { context: opts.context ?? "okd-lab", namespace: "lab", hosts })],
    scores: [score("labBonds.score", { name: "lab-bonds", ...(opts.bonds ?? {}) })],
    deployments: [deployment("labBonds", "lab", "labBonds.score")],
    capabilities: [],
  };
}

/** `count` generated hosts, each with two NICs; for scale tests and the benchmark. */
export function generatedHosts(count: number): LabHost[] {
  const hex = (n: number) => n.toString(16).padStart(2, "0");
  return Array.from({ length: count }, (_, i) => ({
    name: `worker-${i}`,
    node: `worker-${i}.lab`,
    nics: [1, 2].map((k) => ({ name: `eno${k}`, mac: `aa:bb:cc:${hex(i >> 8)}:${hex(i & 255)}:${hex(k)}` })),
  }));
}
