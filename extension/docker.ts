// The host-facing engine (dist/docker.js, with the SSH and Docker clients inside) is read on the
// first command that reaches a Linux host, not at activation: as with the kube engine.
import { join } from "node:path";

export type DockerEngine = typeof import("../engine/docker");

let engine: DockerEngine | undefined;

/** The Docker-over-SSH engine, loaded once. */
export function dockerEngine(): DockerEngine {
  engine ??= require(join(__dirname, "docker.js")) as DockerEngine;
  return engine;
}
