// The cluster-facing engine (dist/kube.js, with the Kubernetes client inside) is read on the first
// command that needs a cluster, not at activation. A runtime require of the asset beside this
// bundle: the bundler leaves it alone, and the type comes from the engine's entry.
import { join } from "node:path";

export type KubeEngine = typeof import("../engine/kube");

let engine: KubeEngine | undefined;

/** The kube engine, loaded once. */
export function kubeEngine(): KubeEngine {
  engine ??= require(join(__dirname, "kube.js")) as KubeEngine;
  return engine;
}
