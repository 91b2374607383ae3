// The shop: two Kubernetes sites in failover, with PostgreSQL and the storefront on both,
// and a Linux edge host running a cache.
import { k8sAnywhere, linuxHost, failover, deploy, postgres, k8sApp, dockerApp } from "@harmony/topology";

export const siteA = k8sAnywhere({ name: "site-a", context: "site-a", namespace: "shop" });
export const siteB = k8sAnywhere({ name: "site-b", context: "site-b", namespace: "shop" });

/** Orders survive the loss of a site: site-a is primary, site-b streams from it. */
export const shop = failover({ name: "shop", primary: siteA, replica: siteB });

export const edge = linuxHost({ name: "edge-1", address: "10.0.0.5", user: "ops" });

export const ordersDb = deploy(shop, postgres({ name: "orders-db", instances: 2, storage: "10Gi", version: "16" }));

export const storefront = deploy(shop, k8sApp({ name: "storefront", image: "ghcr.io/acme/storefront:1.4.2", replicas: 3, port: 8080 }));

export const cache = deploy(edge, dockerApp({ name: "redis", image: "redis:7", ports: ["6379:6379"] }));

// A deliberate mistake, to see the checker at work: Kubernetes sites have no Docker engine,
// so this deployment is flagged HARMONY1001. Try the quick fix, or move it to `edge` in the designer.
export const metrics = deploy(shop, dockerApp({ name: "metrics", image: "prom/prometheus:v3.1.0" }));
