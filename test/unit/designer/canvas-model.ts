import type { Deployment, Score, SourceLocation, Topology, TopologyDiagnostic, TopologyModel } from "../../../shared/model";
import type { ModelMessage } from "../../../shared/protocol/webview";

/** The shop example as the analyzer models it, for the canvas's pure parts. */

const FILE = "/w/shop.topology.ts";
const loc = (line: number): SourceLocation => ({ file: FILE, range: { start: { line, character: 0 }, end: { line, character: 60 } } });
const K8S = ["K8sClient", "HelmCommand", "PostgreSQL", "TlsRouter"];

export function topology(id: string, kind: string, capabilities: string[], extra: Partial<Topology> = {}): Topology {
  return { id, name: id, kind, userDefined: false, constName: id, spec: { name: id }, capabilities, location: loc(1), nameLocation: loc(1), external: false, ...extra };
}
export function score(id: string, kind: string, requires: string[], extra: Partial<Score> = {}): Score {
  return { id, name: id, kind, userDefined: false, spec: { name: id }, requires, location: loc(2), nameLocation: loc(2), external: false, ...extra };
}
export function deployment(id: string, t: string, s: string, missing: string[] = []): Deployment {
  return { id, constName: id, topology: t, score: s, missing, location: loc(3), nameLocation: loc(3) };
}

export function shopModel(): TopologyModel {
  return {
    file: FILE,
    topologies: [
      topology("siteA", "k8sAnywhere", K8S, { name: "site-a" }),
      topology("siteB", "k8sAnywhere", K8S, { name: "site-b" }),
      topology("shop", "failover", ["K8sClient", "HelmCommand", "PostgreSQL"], { primary: "siteA", replica: "siteB" }),
      topology("edge", "linuxHost", ["Docker"], { name: "edge-1" }),
    ],
    scores: [score("ordersDb.score", "postgres", ["PostgreSQL"], { name: "orders-db" }), score("redis", "dockerApp", ["Docker"])],
    deployments: [deployment("ordersDb", "shop", "ordersDb.score"), deployment("cache", "edge", "redis")],
    capabilities: [],
  };
}

export function modelMessage(version: number, extra: Partial<ModelMessage> = {}): ModelMessage {
  return { type: "model", uri: `file://${FILE}`, version, model: shopModel(), diagnostics: [], positions: {}, ...extra };
}

/** A syntax error in the file itself, as TypeScript reports it. */
export function syntaxError(line: number): TopologyDiagnostic {
  return { code: "TS1005", severity: "error", message: "',' expected.", file: FILE, range: loc(line).range, related: [] };
}
