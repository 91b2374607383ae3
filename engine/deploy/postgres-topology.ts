// CloudNativePG's distributed topology for PostgreSQL on a failover: every side's Cluster names
// every side in `externalClusters` and says in `replica.primary` which one is primary, so a side is
// demoted and promoted by editing two fields, never rebuilt. The topology file's primary decides.
import { dnsLabel, postgresCluster, replicaCluster, type PostgresSettings, type PrimaryEndpoint } from "./manifests";
import type { KubeObject } from "./plan";

/** A side's name among the distributed topology's external clusters: `<cluster>-<site>`. */
export function sideEntry(cluster: string, site: string): string {
  return dnsLabel(`${cluster}-${site}`);
}

export interface DistributedReplica {
  primary: string;
  self: string;
  source: string;
  promotionToken?: string;
}

type ClusterObject = KubeObject & { spec: Record<string, unknown> };

/** Entries other than the one streamed from: names only, so either side can be named `primary` later. */
function namedEntries(entries: readonly string[], except?: string): Record<string, unknown>[] {
  return entries.filter((e) => e !== except).map((name) => ({ name }));
}

/**
 * The primary side's Cluster: `replica.primary` is itself. Its `source` names the first replica,
 * the side it would follow once demoted; the switchover fills in how to reach it.
 */
export function distributedPrimary(
  pg: PostgresSettings,
  namespace: string,
  labels: Record<string, string>,
  entries: readonly string[],
  publicHost?: string,
): KubeObject {
  const [self, ...others] = entries;
  const c = postgresCluster(pg, namespace, labels, publicHost) as ClusterObject;
  c.spec.replica = { primary: self, self, source: others[0] ?? self } satisfies DistributedReplica;
  c.spec.externalClusters = namedEntries(entries);
  return c;
}

/** A replica side's Cluster: bootstrapped with pg_basebackup from the primary, then streaming from it. */
export function distributedReplica(
  pg: PostgresSettings,
  namespace: string,
  labels: Record<string, string>,
  primary: PrimaryEndpoint,
  entries: readonly string[],
  self: string,
): KubeObject {
  const c = replicaCluster(pg, namespace, labels, primary) as ClusterObject;
  c.spec.replica = { primary: primary.source, self, source: primary.source } satisfies DistributedReplica;
  c.spec.externalClusters = [...(c.spec.externalClusters as Record<string, unknown>[]), ...namedEntries(entries, primary.source)];
  return c;
}
