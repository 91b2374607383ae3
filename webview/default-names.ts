/** The name a node added from the palette starts with, by factory; the canvas makes it unique. */
export const DEFAULT_NAMES: Readonly<Record<string, string>> = {
  failover: "pair",
  k8sAnywhere: "cluster",
  okdCluster: "okd",
  linuxHost: "host",
  postgres: "db",
  k8sApp: "app",
  helmChart: "chart",
  dockerApp: "container",
  hostBonds: "bonds",
};

export function defaultName(factory: string): string {
  return DEFAULT_NAMES[factory] ?? factory.toLowerCase();
}
