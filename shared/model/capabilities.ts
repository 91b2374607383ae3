/** A capability a topology provides and a score requires, e.g. `PostgreSQL`. Users add their own. */
export type Capability = string;

/** The capabilities the library declares. */
export const BUILTIN_CAPABILITIES = [
  "K8sClient",
  "HelmCommand",
  "PostgreSQL",
  "Docker",
  "NetworkManager",
  "TlsRouter",
] as const;

/** Capabilities for which the library declares a failover strategy. */
export const BUILTIN_FAILOVER_STRATEGIES = ["PostgreSQL", "K8sClient", "HelmCommand", "Docker"] as const;
