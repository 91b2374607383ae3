// The plan of a dockerApp on Linux hosts: one container per host, hosts one after another in
// failover order (primary first), each host's container healthy before the next host is touched.
// Pure: the container is the score, and its spec hash is what makes a re-deploy idempotent.
import { createHash } from "node:crypto";
import { formatPort, hostEndpoint, readContainerSpec } from "../../shared/model/container";
import type { Score, Topology } from "../../shared/model";
import type { ContainerObject, HostStep, HostTarget } from "../deploy/plan";

export const MANAGED_BY = "io.harmony.managed-by";
export const DEPLOYMENT_LABEL = "io.harmony.deployment";
export const SPEC_HASH = "io.harmony.spec-hash";

/** A Docker container name from a score name: what Docker accepts, nothing else. */
export function containerName(score: string): string {
  const n = score.replace(/[^A-Za-z0-9_.-]/g, "-").replace(/^[^A-Za-z0-9]+/, "");
  return n || "container";
}

/** The hash of what Harmony manages in a container: same hash, same container. */
export function specHash(c: Pick<ContainerObject, "image" | "ports" | "env" | "command" | "restart">): string {
  const canonical = JSON.stringify([c.image, c.ports, Object.entries(c.env).sort(([a], [b]) => a.localeCompare(b)), c.command ?? null, c.restart]);
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}

/** The container a score asks for, labelled for `deployment`. Throws with the spec's problem. */
export function containerOf(deployment: string, score: Score): ContainerObject {
  const read = readContainerSpec(`score "${score.name}"`, score.spec);
  if (!read.ok) throw new Error(read.problem);
  const s = read.settings;
  const c = {
    image: s.image,
    ports: s.ports.map(formatPort),
    env: s.env,
    ...(s.command ? { command: s.command } : {}),
    restart: s.restart,
  };
  return {
    kind: "Container",
    name: containerName(score.name),
    ...c,
    labels: { [MANAGED_BY]: "harmony", [DEPLOYMENT_LABEL]: deployment, [SPEC_HASH]: specHash(c) },
    pull: s.pull,
  };
}

export function hostTarget(t: Topology): HostTarget {
  const e = hostEndpoint(t);
  return { host: t.name, address: e.address, port: e.port, user: e.user ?? "", ...(e.identityFile ? { identityFile: e.identityFile } : {}) };
}

/**
 * The steps of a dockerApp on `leaves` (failovers flattened, primary side first): on each host the
 * container is made to match, then waited for until running and healthy; the next host starts
 * only after that wait.
 */
export function containerSteps(deployment: string, score: Score, leaves: { topology: Topology; side?: "primary" | "replica" }[]): HostStep[] {
  const container = containerOf(deployment, score);
  const steps: HostStep[] = [];
  let previous: string | undefined;
  for (const [i, leaf] of leaves.entries()) {
    const target = hostTarget(leaf.topology);
    const where = leaf.side ? `${leaf.side} ${leaf.topology.name}` : leaf.topology.name;
    const apply: HostStep = {
      id: `s${steps.length + 1}`,
      action: "apply",
      target,
      description: `container ${container.name} (${container.image}) on ${where}`,
      objects: [container],
      after: previous ? [previous] : [],
      ...(leaf.side ? { side: leaf.side } : {}),
    };
    steps.push(apply);
    const wait: HostStep = {
      id: `s${steps.length + 1}`,
      action: "wait",
      target,
      description: `wait until container ${container.name} on ${where} is running and healthy where its image has a HEALTHCHECK${i < leaves.length - 1 ? ", before the next host" : ""}`,
      objects: [container],
      after: [apply.id],
      ...(leaf.side ? { side: leaf.side } : {}),
    };
    steps.push(wait);
    previous = wait.id;
  }
  return steps;
}
