/**
 * `@harmony/topology`: the Harmony topology language.
 *
 * A **topology** provides capabilities (where things run); a **score** requires capabilities (what
 * runs); `deploy(topology, score)` only type-checks when the topology provides everything the score
 * requires. Capability sets are types, so the check follows aliases, imports, helper functions and
 * your own topology kinds. Nothing in a topology file is ever executed: the Harmony checker reads
 * it statically.
 *
 * Extend the catalog by declaration merging:
 * ```ts
 * declare module "@harmony/topology" {
 *   interface Capabilities { Kafka: true }
 *   interface FailoverStrategies { Kafka: true }
 * }
 * ```
 *
 * @packageDocumentation
 */

// ---------------------------------------------------------------------------------------------
// Capabilities
// ---------------------------------------------------------------------------------------------

/**
 * Every capability a topology can provide and a score can require. Add your own by declaration
 * merging: `declare module "@harmony/topology" { interface Capabilities { Kafka: true } }`.
 */
export interface Capabilities {
  /** Talks to a Kubernetes API server (apply manifests, read status). */
  K8sClient: true;
  /** Installs Helm charts. */
  HelmCommand: true;
  /** Runs PostgreSQL clusters (CloudNativePG on Kubernetes). */
  PostgreSQL: true;
  /** Runs containers with a Docker engine. */
  Docker: true;
  /** Configures host networking with NetworkManager / nmstate (bonds). */
  NetworkManager: true;
  /** Routes TLS traffic to services (ingress / routes). */
  TlsRouter: true;
}

/**
 * Capabilities for which `failover(...)` knows a strategy. A failover topology provides a
 * capability only when both sides provide it **and** it is listed here. Add your own by
 * declaration merging: `declare module "@harmony/topology" { interface FailoverStrategies { Kafka: true } }`.
 */
export interface FailoverStrategies {
  /** Primary cluster plus a replica cluster bootstrapped with `pg_basebackup`. */
  PostgreSQL: true;
  /** The same manifests applied on both sides. */
  K8sClient: true;
  /** The same chart installed on both sides. */
  HelmCommand: true;
  /** The same containers run on both sides. */
  Docker: true;
}

/**
 * Capabilities for which `multisite(...)` knows a strategy. A multisite topology provides a
 * capability only when every site provides it **and** it is listed here. Add your own by
 * declaration merging: `declare module "@harmony/topology" { interface MultisiteStrategies { Kafka: true } }`.
 */
export interface MultisiteStrategies {
  /** The first site's cluster is primary; every other site runs a replica streaming from it. */
  PostgreSQL: true;
  /** The same manifests applied on every site. */
  K8sClient: true;
  /** The same chart installed on every site. */
  HelmCommand: true;
  /** The same containers run on every site. */
  Docker: true;
}

/** The name of a capability: a key of {@link Capabilities}. */
export type Capability = keyof Capabilities;

/** The capabilities in both `A` and `B`. */
type Both<A, B> = A extends B ? A : never;

/**
 * What `failover` of a primary providing `P` and a replica providing `R` provides: the
 * capabilities both sides provide that have a failover strategy.
 */
export type FailoverCapabilities<P extends Capability, R extends Capability> = Both<
  Both<P, R>,
  keyof FailoverStrategies
>;

declare const provides: unique symbol;
declare const requires: unique symbol;
declare const deployment: unique symbol;

/** A spec field value: what the checker can read statically. */
export type SpecValue = string | number | boolean | null | undefined | readonly SpecValue[] | { readonly [key: string]: SpecValue };

// ---------------------------------------------------------------------------------------------
// Topologies
// ---------------------------------------------------------------------------------------------

/**
 * A topology providing the capabilities `C`: where scores run. A topology providing more
 * capabilities can be used wherever one providing fewer is expected.
 */
export interface Topology<C extends Capability = never> {
  /** The capabilities this topology provides (a type-level marker; there is no value at run time). */
  readonly [provides]: { readonly [K in C]: true };
  /** The factory (`k8sAnywhere`, `failover`…) or the `kind` of a user-defined topology. */
  readonly kind: string;
  /** The topology's name, unique in a workspace. */
  readonly name: string;
}

/** Spec of {@link k8sAnywhere}. */
export interface K8sAnywhereSpec {
  /** Name of the topology, unique in the workspace. */
  name: string;
  /** The kubeconfig context to use; defaults to the current context. */
  context?: string;
  /** The namespace scores are deployed to; defaults to the context's namespace. */
  namespace?: string;
  /**
   * The host name other clusters reach this one's services by (e.g. a failover replica streaming
   * from its primary). Without it, the deploy reads the address the load balancer gets.
   */
  publicHost?: string;
}

/** A Kubernetes cluster reached through a kubeconfig context. */
export interface K8sAnywhere extends Topology<"K8sClient" | "HelmCommand" | "PostgreSQL" | "TlsRouter"> {
  readonly kind: "k8sAnywhere";
  readonly spec: K8sAnywhereSpec;
}

/**
 * Any Kubernetes cluster reached through a kubeconfig context.
 *
 * Provides **K8sClient, HelmCommand, PostgreSQL, TlsRouter**.
 *
 * @example
 * export const siteA = k8sAnywhere({ name: "site-a", context: "site-a", namespace: "shop" });
 */
export declare function k8sAnywhere(spec: K8sAnywhereSpec): K8sAnywhere;

/** One network interface of an OKD host. */
export interface OkdNic {
  /** Interface name on the host, e.g. `eno1`. */
  name: string;
  /**
   * MAC address: six hexadecimal octets separated by `:` or `-`, e.g. `aa:bb:cc:dd:ee:01`. Left out
   * when unknown (a bond port whose node reports only its bond's MAC): the NIC is then found by name.
   */
  mac?: string;
  /** The switch port the NIC is cabled to, for documentation and bond planning. */
  switchPort?: string;
}

/** One bare-metal host of an OKD cluster. */
export interface OkdHost {
  /** Host name. */
  name: string;
  /** The Kubernetes node name, when it differs from the host name. */
  node?: string;
  /** The host's network interfaces. */
  nics: readonly OkdNic[];
}

/** Spec of {@link okdCluster}. */
export interface OkdClusterSpec {
  /** Name of the topology, unique in the workspace. */
  name: string;
  /** The kubeconfig context to use; defaults to the current context. */
  context?: string;
  /** The namespace scores are deployed to. */
  namespace?: string;
  /** The host name other clusters reach this one's routes by; see {@link K8sAnywhereSpec.publicHost}. */
  publicHost?: string;
  /** The cluster's bare-metal hosts and their NICs. */
  hosts: readonly OkdHost[];
}

/** A bare-metal OKD (OpenShift) cluster. */
export interface OkdCluster
  extends Topology<"K8sClient" | "HelmCommand" | "PostgreSQL" | "TlsRouter" | "NetworkManager"> {
  readonly kind: "okdCluster";
  readonly spec: OkdClusterSpec;
}

/**
 * A bare-metal OKD (OpenShift) cluster, with its hosts and their NICs.
 *
 * Provides **K8sClient, HelmCommand, PostgreSQL, TlsRouter, NetworkManager**.
 *
 * @example
 * export const dc = okdCluster({
 *   name: "dc-1",
 *   context: "dc-1",
 *   hosts: [{ name: "node-1", nics: [{ name: "eno1", mac: "aa:bb:cc:dd:ee:01" }] }],
 * });
 */
export declare function okdCluster(spec: OkdClusterSpec): OkdCluster;

/** Spec of {@link linuxHost}. */
export interface LinuxHostSpec {
  /** Name of the topology, unique in the workspace. */
  name: string;
  /** Host name or IP address reached over SSH. */
  address: string;
  /** SSH user; defaults to the current user. */
  user?: string;
  /** SSH port; defaults to 22. */
  port?: number;
  /** SSH private key file (`~` allowed); by default ssh-agent (`SSH_AUTH_SOCK`), then `~/.ssh/id_ed25519`, `id_ecdsa`, `id_rsa`. */
  identityFile?: string;
}

/** A Linux host with a Docker engine, reached over SSH. */
export interface LinuxHost extends Topology<"Docker"> {
  readonly kind: "linuxHost";
  readonly spec: LinuxHostSpec;
}

/**
 * A Linux host with a Docker engine, reached over SSH.
 *
 * Provides **Docker**.
 *
 * @example
 * export const edge = linuxHost({ name: "edge-1", address: "10.0.0.5" });
 */
export declare function linuxHost(spec: LinuxHostSpec): LinuxHost;

/** Spec of {@link failover}. */
export interface FailoverSpec<P extends Capability, R extends Capability> {
  /** Name of the topology, unique in the workspace. */
  name: string;
  /** The side that serves while healthy. */
  primary: Topology<P>;
  /** The side that takes over when the primary fails. */
  replica: Topology<R>;
  /** The host name the replica reaches the primary by; overrides the primary's own `publicHost`. */
  publicHost?: string;
}

/** A higher-order topology: a primary and a replica with failover between them. */
export interface FailoverTopology<P extends Capability = never, R extends Capability = never>
  extends Topology<FailoverCapabilities<P, R>> {
  readonly kind: "failover";
  /** The side that serves while healthy. */
  readonly primary: Topology<P>;
  /** The side that takes over when the primary fails. */
  readonly replica: Topology<R>;
}

/**
 * A higher-order topology: a primary and a replica, with failover between them (Harmony's
 * `FailoverTopology<T>`).
 *
 * Provides a capability exactly when **both** sides provide it **and** failover has a strategy
 * for it ({@link FailoverStrategies}: PostgreSQL, K8sClient, HelmCommand, Docker — not
 * NetworkManager, not TlsRouter). Failovers nest: either side may itself be a failover.
 *
 * @example
 * export const shop = failover({ name: "shop", primary: siteA, replica: siteB });
 */
export declare function failover<P extends Capability, R extends Capability>(
  spec: FailoverSpec<P, R>,
): FailoverTopology<P, R>;

/** The capabilities a topology type provides. */
export type ProvidedBy<T> = T extends { readonly [provides]: infer P } ? keyof P & Capability : never;

/** The capabilities every topology of a tuple provides (a list whose length is not known provides none). */
type EverySite<S extends readonly unknown[]> = S extends readonly []
  ? Capability
  : S extends readonly [infer First, ...infer Rest]
    ? Both<ProvidedBy<First>, EverySite<Rest>>
    : never;

/**
 * What `multisite` of the sites `S` provides: the capabilities every site provides that have a
 * multisite strategy.
 */
export type MultisiteCapabilities<S extends readonly unknown[]> = Both<EverySite<S>, keyof MultisiteStrategies>;

/** Spec of {@link multisite}. */
export interface MultisiteSpec<S extends readonly Topology[]> {
  /** Name of the topology, unique in the workspace. */
  name: string;
  /** Two or more sites; the first is the primary site. */
  sites: S;
  /** The host name the other sites reach the first site by; overrides the first site's own `publicHost`. */
  publicHost?: string;
}

/** A higher-order topology: the same scores on every one of its sites. */
export interface MultisiteTopology<S extends readonly Topology[] = readonly Topology[]> extends Topology<MultisiteCapabilities<S>> {
  readonly kind: "multisite";
  /** The sites, the first one primary. */
  readonly sites: S;
}

/**
 * A higher-order topology of two or more sites (Harmony's `MultisiteTopology<T>`).
 *
 * Provides a capability exactly when **every** site provides it **and** multisite has a strategy
 * for it ({@link MultisiteStrategies}: PostgreSQL, K8sClient, HelmCommand, Docker — not
 * NetworkManager, not TlsRouter). PostgreSQL: the first site is primary, the others replicas;
 * stateless scores run on every site. A site may be a failover or a multisite itself.
 *
 * @example
 * export const world = multisite({ name: "world", sites: [paris, montreal, tokyo] });
 */
export declare function multisite<const S extends readonly [Topology, Topology, ...Topology[]]>(spec: MultisiteSpec<S>): MultisiteTopology<S>;

/** Spec of a user-defined topology: a `kind`, a `name`, and any statically readable fields. */
export interface UserTopologySpec {
  /** Your topology kind, e.g. `"kafkaCluster"`. */
  kind: string;
  /** Name of the topology, unique in the workspace. */
  name: string;
  [field: string]: SpecValue;
}

/** A topology of a user-defined kind. */
export interface UserTopology<C extends Capability = never> extends Topology<C> {
  readonly spec: UserTopologySpec;
}

/**
 * A topology of your own kind, providing the capabilities `C`.
 *
 * @typeParam C - the capabilities it provides, e.g. `"Kafka" | "K8sClient"` (declare new ones in
 * {@link Capabilities}).
 * @example
 * export const kafka = defineTopology<"Kafka">({ kind: "kafkaCluster", name: "events", brokers: 3 });
 */
export declare function defineTopology<C extends Capability = never>(spec: UserTopologySpec): UserTopology<C>;

// ---------------------------------------------------------------------------------------------
// Scores
// ---------------------------------------------------------------------------------------------

/** A score requiring the capabilities `R`: what runs on a topology. */
export interface Score<R extends Capability = never> {
  /** The capabilities this score requires (a type-level marker; there is no value at run time). */
  readonly [requires]: R;
  /** The factory (`postgres`, `k8sApp`…) or the `kind` of a user-defined score. */
  readonly kind: string;
  /** The score's name, unique in a workspace. */
  readonly name: string;
}

/** Spec of {@link postgres}. */
export interface PostgresSpec {
  /** Name of the database cluster. */
  name: string;
  /** Number of PostgreSQL instances; defaults to 1. */
  instances?: number;
  /** Storage size per instance, e.g. `"10Gi"`. */
  storage?: string;
  /** PostgreSQL major version, e.g. `16`. */
  version?: string | number;
}

/** A PostgreSQL cluster. */
export interface Postgres extends Score<"PostgreSQL"> {
  readonly kind: "postgres";
  readonly spec: PostgresSpec;
}

/**
 * A PostgreSQL cluster (a CloudNativePG `Cluster` on Kubernetes). On a failover topology: a
 * primary cluster and a replica cluster bootstrapped from it.
 *
 * Requires **PostgreSQL**.
 *
 * @example
 * export const db = deploy(shop, postgres({ name: "orders-db", instances: 2, storage: "10Gi" }));
 */
export declare function postgres(spec: PostgresSpec): Postgres;

/** Spec of {@link k8sApp}. */
export interface K8sAppSpec {
  /** Name of the Deployment and Service. */
  name: string;
  /** Container image, e.g. `"nginx:1.27"`. */
  image: string;
  /** Number of pods; defaults to 1. */
  replicas?: number;
  /** Container port the Service exposes. */
  port?: number;
}

/** A containerised application on Kubernetes. */
export interface K8sApp extends Score<"K8sClient"> {
  readonly kind: "k8sApp";
  readonly spec: K8sAppSpec;
}

/**
 * A containerised application on Kubernetes: a Deployment and a Service.
 *
 * Requires **K8sClient**.
 *
 * @example
 * export const api = deploy(siteA, k8sApp({ name: "api", image: "ghcr.io/acme/api:1.4", replicas: 3, port: 8080 }));
 */
export declare function k8sApp(spec: K8sAppSpec): K8sApp;

/** Spec of {@link helmChart}. */
export interface HelmChartSpec {
  /** Release name. */
  name: string;
  /** Chart name or reference, e.g. `"bitnami/redis"` or an OCI reference. */
  chart: string;
  /** Chart repository URL. */
  repo?: string;
  /** Chart version. */
  version?: string;
  /** Values passed to the chart. */
  values?: { readonly [key: string]: SpecValue };
}

/** A Helm release. */
export interface HelmChart extends Score<"HelmCommand"> {
  readonly kind: "helmChart";
  readonly spec: HelmChartSpec;
}

/**
 * A Helm chart release.
 *
 * Requires **HelmCommand**.
 *
 * @example
 * export const redis = deploy(siteA, helmChart({ name: "redis", chart: "bitnami/redis", version: "19.6.0" }));
 */
export declare function helmChart(spec: HelmChartSpec): HelmChart;

/** Spec of {@link dockerApp}. */
export interface DockerAppSpec {
  /** Container name. */
  name: string;
  /** Container image, e.g. `"redis:7"`. */
  image: string;
  /** Published ports, `"host:container"` (optionally `"address:host:container"`, `/udp`), e.g. `["8080:80"]` or `[6379]`. */
  ports?: readonly (string | number)[];
  /** Environment variables of the container. */
  env?: { readonly [name: string]: string | number | boolean };
  /** Replaces the image's command. */
  command?: readonly string[];
  /** Docker restart policy; default `"unless-stopped"`. */
  restart?: "no" | "always" | "unless-stopped" | "on-failure";
  /** `"missing"` (default): pull only when the host lacks the image; `"always"`: pull on every deploy. */
  pull?: "missing" | "always";
}

/** A container run by a Docker engine. */
export interface DockerApp extends Score<"Docker"> {
  readonly kind: "dockerApp";
  readonly spec: DockerAppSpec;
}

/**
 * A container run by a Docker engine.
 *
 * Requires **Docker**.
 *
 * @example
 * export const cache = deploy(edge, dockerApp({ name: "redis", image: "redis:7", ports: [6379] }));
 */
export declare function dockerApp(spec: DockerAppSpec): DockerApp;

/** Linux bonding modes. */
export type BondMode =
  | "balance-rr"
  | "active-backup"
  | "balance-xor"
  | "broadcast"
  | "802.3ad"
  | "balance-tlb"
  | "balance-alb";

/** Spec of {@link hostBonds}. */
export interface HostBondsSpec {
  /** Name of the score. */
  name: string;
  /** Bond interface name; defaults to `bond0`. */
  bond?: string;
  /** Bonding mode; defaults to `802.3ad` (LACP). */
  mode?: BondMode;
  /** MII link monitoring interval in milliseconds; defaults to 100. */
  miimon?: number;
  /** Names of the hosts to bond; defaults to every host of the topology. */
  hosts?: readonly string[];
}

/** Network bonds on the hosts of a cluster. */
export interface HostBonds extends Score<"NetworkManager"> {
  readonly kind: "hostBonds";
  readonly spec: HostBondsSpec;
}

/**
 * Network bonds on the hosts of a cluster: one nmstate `NodeNetworkConfigurationPolicy` per host,
 * bonding the host's NICs.
 *
 * Requires **NetworkManager**.
 *
 * @example
 * export const bonds = deploy(dc, hostBonds({ name: "bonds", bond: "bond0", mode: "802.3ad", miimon: 100 }));
 */
export declare function hostBonds(spec: HostBondsSpec): HostBonds;

/** Spec of a user-defined score: a `kind`, a `name`, and any statically readable fields. */
export interface UserScoreSpec {
  /** Your score kind, e.g. `"kafkaTopic"`. */
  kind: string;
  /** Name of the score, unique in the workspace. */
  name: string;
  [field: string]: SpecValue;
}

/** A score of a user-defined kind. */
export interface UserScore<R extends Capability = never> extends Score<R> {
  readonly spec: UserScoreSpec;
}

/**
 * A score of your own kind, requiring the capabilities `R`.
 *
 * @typeParam R - the capabilities it requires, e.g. `"Kafka"` (declare new ones in
 * {@link Capabilities}).
 * @example
 * export const orders = defineScore<"Kafka">({ kind: "kafkaTopic", name: "orders", partitions: 12 });
 */
export declare function defineScore<R extends Capability = never>(spec: UserScoreSpec): UserScore<R>;

// ---------------------------------------------------------------------------------------------
// Deployments
// ---------------------------------------------------------------------------------------------

/** One score on one topology. */
export interface Deployment<P extends Capability = Capability, R extends Capability = never> {
  readonly [deployment]: true;
  /** Where the score runs. */
  readonly topology: Topology<P>;
  /** What runs. */
  readonly score: Score<R>;
}

/**
 * One deployment: one score on one topology. Type-checks only when the topology provides every
 * capability the score requires; the Harmony checker explains a failure (HARMONY1001–1003).
 *
 * @example
 * export const db = deploy(shop, postgres({ name: "orders-db", instances: 2 }));
 */
export declare function deploy<P extends Capability, R extends P>(
  topology: Topology<P>,
  score: Score<R>,
): Deployment<P, R>;
