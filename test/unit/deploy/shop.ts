// A hand-built model of the examples' shop, so the planner is tested without the analyzer.
import type { Deployment, Score, SpecObject, Topology, TopologyModel } from "../../../shared/model";

const here = { file: "/shop.topology.ts", range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };

export function topology(id: string, kind: string, spec: SpecObject, sides?: { primary: string; replica: string }): Topology {
  return { id, name: String(spec.name), kind, userDefined: false, constName: id, spec, capabilities: [], ...(sides ?? {}), location: here, nameLocation: here, external: false };
}

export function score(id: string, kind: string, spec: SpecObject): Score {
  return { id, name: String(spec.name), kind, userDefined: false, spec, requires: [], location: here, nameLocation: here, external: false };
}

export function deployment(id: string, topologyId: string, scoreId: string, missing: string[] = []): Deployment {
  return { id, constName: id, topology: topologyId, score: scoreId, missing, location: here, nameLocation: here };
}

export interface ShopOptions {
  /** Extra fields of the failover topology, e.g. `publicHost`. */
  failover?: SpecObject;
  primaryKind?: string;
  postgres?: SpecObject;
}

/** site-a and site-b in failover as `shop`; orders-db, storefront, a cache on the edge host, metrics. */
export function shopModel(o: ShopOptions = {}): TopologyModel {
  return {
    file: "/shop.topology.ts",
    topologies: [
      topology("siteA", o.primaryKind ?? "k8sAnywhere", { name: "site-a", context: "site-a", namespace: "shop" }),
      topology("siteB", "k8sAnywhere", { name: "site-b", context: "site-b", namespace: "shop" }),
      topology("shop", "failover", { name: "shop", ...(o.failover ?? {}) }, { primary: "siteA", replica: "siteB" }),
      topology("edge", "linuxHost", { name: "edge-1", address: "10.0.0.5" }),
    ],
    scores: [
      score("ordersDb.score", "postgres", { name: "orders-db", instances: 2, storage: "10Gi", version: "16", ...(o.postgres ?? {}) }),
      score("storefront.score", "k8sApp", { name: "storefront", image: "ghcr.io/acme/storefront:1.4.2", replicas: 3, port: 8080 }),
      score("cache.score", "dockerApp", { name: "redis", image: "redis:7" }),
      score("metrics.score", "dockerApp", { name: "metrics", image: "prom/prometheus:v3.1.0" }),
      score("charts.score", "helmChart", { name: "ingress", chart: "ingress-nginx" }),
    ],
    deployments: [
      deployment("ordersDb", "shop", "ordersDb.score"),
      deployment("storefront", "shop", "storefront.score"),
      deployment("cache", "edge", "cache.score"),
      deployment("metrics", "shop", "metrics.score", ["Docker"]),
      deployment("charts", "siteA", "charts.score"),
      deployment("singleDb", "siteA", "ordersDb.score"),
    ],
    capabilities: [],
  };
}
