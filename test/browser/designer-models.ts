import { inlineId, type Deployment, type Score, type SourceLocation, type Topology, type TopologyDiagnostic, type TopologyModel } from "../../shared/model";

/** Models for the designer's benches and standalone checks, shaped like the analyzer's output. */

const FILE = "/workspace/generated.topology.ts";
const loc = (line: number, file = FILE): SourceLocation => ({ file, range: { start: { line, character: 0 }, end: { line, character: 80 } } });

const K8S = ["K8sClient", "HelmCommand", "PostgreSQL", "TlsRouter"];
const SCORE_KINDS: { kind: string; requires: string[] }[] = [
  { kind: "postgres", requires: ["PostgreSQL"] },
  { kind: "k8sApp", requires: ["K8sClient"] },
  { kind: "helmChart", requires: ["HelmCommand"] },
  { kind: "dockerApp", requires: ["Docker"] },
];

/**
 * A model of about `nodeCount` nodes: clusters, hosts and failovers of cluster pairs (one node in
 * four is a topology), and scores deployed on them — a tenth of them rejected.
 */
export function generateModel(nodeCount: number): { model: TopologyModel; diagnostics: TopologyDiagnostic[] } {
  const topologies: Topology[] = [];
  const scores: Score[] = [];
  const deployments: Deployment[] = [];
  const diagnostics: TopologyDiagnostic[] = [];
  let line = 2;
  const topologyCount = Math.max(2, Math.round(nodeCount / 4));
  const targets: Topology[] = [];
  for (let i = 0; topologies.length < topologyCount; i++) {
    const host = i % 5 === 4;
    const a: Topology = {
      id: `t${i}`, name: `site-${i}`, kind: host ? "linuxHost" : "k8sAnywhere", userDefined: false, constName: `t${i}`,
      spec: host ? { name: `site-${i}`, address: `10.0.${i >> 8}.${i & 255}` } : { name: `site-${i}`, context: `ctx-${i}` },
      capabilities: host ? ["Docker"] : K8S, location: loc(line), nameLocation: loc(line++), external: false,
    };
    topologies.push(a);
    if (!host && i % 3 === 2 && topologies.length < topologyCount - 1) {
      const b: Topology = { ...a, id: `t${i}b`, name: `site-${i}-dr`, constName: `t${i}b`, spec: { name: `site-${i}-dr` }, location: loc(line), nameLocation: loc(line++) };
      const f: Topology = {
        id: `f${i}`, name: `pair-${i}`, kind: "failover", userDefined: false, constName: `f${i}`, spec: { name: `pair-${i}` },
        capabilities: ["K8sClient", "HelmCommand", "PostgreSQL"], primary: a.id, replica: b.id, location: loc(line), nameLocation: loc(line++), external: false,
      };
      topologies.push(b, f);
      targets.push(f);
    } else targets.push(a);
  }
  for (let i = 0; topologies.length + scores.length < nodeCount; i++) {
    const target = targets[i % targets.length];
    const sk = SCORE_KINDS[i % SCORE_KINDS.length];
    const missing = sk.requires.filter((c) => !target.capabilities.includes(c));
    const id = `d${i}`;
    scores.push({
      id: inlineId(id, "score"), name: `${sk.kind.toLowerCase()}-${i}`, kind: sk.kind, userDefined: false, spec: { name: `${sk.kind.toLowerCase()}-${i}` },
      requires: sk.requires, location: loc(line), nameLocation: loc(line), external: false, inline: true, owner: id,
    });
    deployments.push({ id, constName: id, topology: target.id, score: inlineId(id, "score"), missing, location: loc(line), nameLocation: loc(line++) });
    if (missing.length > 0) {
      diagnostics.push({
        code: "HARMONY1001", severity: "error", file: FILE, range: loc(line - 1).range, related: [], subject: id,
        message: `topology "${target.name}" does not provide ${missing.join(", ")}, which score "${sk.kind.toLowerCase()}-${i}" requires`,
      });
    }
  }
  return {
    model: { file: FILE, topologies, scores, deployments, capabilities: [...K8S, "Docker", "NetworkManager"].map((name) => ({ name, failover: name !== "TlsRouter" && name !== "NetworkManager" })) },
    diagnostics,
  };
}
