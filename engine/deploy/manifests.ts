// The Kubernetes objects scores become: CloudNativePG Clusters, Deployments and Services, the
// primary's exposure, Namespaces. Pure functions of already-validated settings.
import type { KubeObject } from "./plan";

export const CNPG_API_VERSION = "postgresql.cnpg.io/v1";
export const CNPG_IMAGE = "ghcr.io/cloudnative-pg/postgresql";
export const POSTGRES_PORT = 5432;
/** CloudNativePG's phase of a cluster that serves. */
export const CNPG_HEALTHY = "Cluster in healthy state";

/** Labels on every object Harmony writes. */
export function harmonyLabels(deployment: string, extra: Record<string, string> = {}): Record<string, string> {
  return { "app.kubernetes.io/managed-by": "harmony", "harmony.nationtech.io/deployment": dnsLabel(deployment), ...extra };
}

/** A Kubernetes object name from free text: lower case, `[a-z0-9-]`, at most 63 characters. */
export function dnsLabel(text: string): string {
  const label = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return label.slice(0, 63).replace(/-+$/, "") || "harmony";
}

export function namespaceObject(name: string, labels: Record<string, string>): KubeObject {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } };
}

export interface PostgresSettings {
  name: string;
  instances: number;
  storage?: string;
  version?: string;
}

/** Where a replica cluster streams from: the primary as seen from the replica's cluster. */
export interface PrimaryEndpoint {
  /** The external cluster's name in the replica's spec, and the prefix of the copied secrets. */
  source: string;
  host: string;
  port: number;
  /** `verify-full` when the host is known in advance (it is then in the server certificate). */
  sslmode: "verify-full" | "verify-ca";
  /** TLS passthrough routes need the TLS handshake first (PostgreSQL 17's direct SSL). */
  directSsl: boolean;
  caSecret: string;
  replicationSecret: string;
}

/** The first PostgreSQL major whose libpq accepts `sslnegotiation=direct` (older ones reject the connection string). */
export const DIRECT_SSL_SINCE = 17;

/**
 * Whether the replica's libpq (the image's, so `version`'s) accepts `sslnegotiation=direct`. With no
 * version, or one that names no major (`latest`), CloudNativePG's default image runs: 17 since 1.25.
 */
export function acceptsDirectSsl(version: string | undefined): boolean {
  const major = /^(\d+)/.exec(version ?? "")?.[1];
  return major === undefined || Number(major) >= DIRECT_SSL_SINCE;
}

function clusterBase(pg: PostgresSettings, namespace: string, labels: Record<string, string>): KubeObject & { spec: Record<string, unknown> } {
  const spec: Record<string, unknown> = { instances: pg.instances };
  if (pg.version) spec.imageName = `${CNPG_IMAGE}:${pg.version}`;
  if (pg.storage) spec.storage = { size: pg.storage };
  return { apiVersion: CNPG_API_VERSION, kind: "Cluster", metadata: { name: pg.name, namespace, labels }, spec };
}

/** A CloudNativePG Cluster; a failover primary also names its public host in the server certificate. */
export function postgresCluster(pg: PostgresSettings, namespace: string, labels: Record<string, string>, publicHost?: string): KubeObject {
  const c = clusterBase(pg, namespace, labels);
  if (publicHost) c.spec.certificates = { serverAltDNSNames: [publicHost] };
  return c;
}

/** A replica Cluster: bootstrapped with pg_basebackup from the primary, then streaming from it. */
export function replicaCluster(pg: PostgresSettings, namespace: string, labels: Record<string, string>, primary: PrimaryEndpoint): KubeObject {
  const c = clusterBase(pg, namespace, labels);
  c.spec.bootstrap = { pg_basebackup: { source: primary.source } };
  c.spec.replica = { enabled: true, source: primary.source };
  const connectionParameters: Record<string, string> = {
    host: primary.host,
    port: String(primary.port),
    user: "streaming_replica",
    dbname: "postgres",
    sslmode: primary.sslmode,
  };
  if (primary.directSsl && acceptsDirectSsl(pg.version)) connectionParameters.sslnegotiation = "direct";
  c.spec.externalClusters = [
    {
      name: primary.source,
      connectionParameters,
      sslKey: { name: primary.replicationSecret, key: "tls.key" },
      sslCert: { name: primary.replicationSecret, key: "tls.crt" },
      sslRootCert: { name: primary.caSecret, key: "ca.crt" },
    },
  ];
  return c;
}

/** A LoadBalancer Service in front of the primary's current primary instance. */
export function primaryLoadBalancer(cluster: string, name: string, namespace: string, labels: Record<string, string>): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace, labels },
    spec: {
      type: "LoadBalancer",
      selector: { "cnpg.io/cluster": cluster, "cnpg.io/instanceRole": "primary" },
      ports: [{ name: "postgres", port: POSTGRES_PORT, targetPort: POSTGRES_PORT, protocol: "TCP" }],
    },
  };
}

/** An OpenShift Route passing TLS through to the primary's read-write Service. */
export function primaryRoute(cluster: string, name: string, namespace: string, labels: Record<string, string>, host?: string): KubeObject {
  return {
    apiVersion: "route.openshift.io/v1",
    kind: "Route",
    metadata: { name, namespace, labels },
    spec: {
      ...(host ? { host } : {}),
      to: { kind: "Service", name: `${cluster}-rw`, weight: 100 },
      port: { targetPort: POSTGRES_PORT },
      tls: { termination: "passthrough" },
    },
  };
}

export interface AppSettings {
  name: string;
  image: string;
  replicas: number;
  port?: number;
}

/** A k8sApp: a Deployment, and a Service when it has a port. */
export function appObjects(app: AppSettings, namespace: string, labels: Record<string, string>): KubeObject[] {
  const selector = { "app.kubernetes.io/name": app.name };
  const container: Record<string, unknown> = { name: app.name, image: app.image };
  if (app.port !== undefined) container.ports = [{ name: "http", containerPort: app.port, protocol: "TCP" }];
  const objects: KubeObject[] = [
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: app.name, namespace, labels: { ...labels, ...selector } },
      spec: {
        replicas: app.replicas,
        selector: { matchLabels: selector },
        template: { metadata: { labels: { ...labels, ...selector } }, spec: { containers: [container] } },
      },
    },
  ];
  if (app.port !== undefined) {
    objects.push({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: app.name, namespace, labels: { ...labels, ...selector } },
      spec: { selector, ports: [{ name: "http", port: app.port, targetPort: app.port, protocol: "TCP" }] },
    });
  }
  return objects;
}
