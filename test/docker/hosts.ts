// What the docker tests share: the running hosts, topology models on them, and ways to look at a
// host as a user would (HTTP on its published port) or behind Harmony's back (its dockerd socket).
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Docker from "dockerode";
import { isHostPlan, planAnyDeployment, type HostPlan, type HostTarget } from "../../engine/deploy";
import { containerOf } from "../../engine/docker/plan";
import type { SpecObject, TopologyModel } from "../../shared/model";
import type { TestHost } from "../../scripts/env/docker-hosts.mjs";
import { deployment, score, topology } from "../unit/deploy/shop";

export interface HostsState {
  dir: string;
  hosts: TestHost[];
  clientKey: string;
  knownHosts: string;
}

export function testHosts(): HostsState {
  const file = process.env.HARMONY_TEST_DOCKER_HOSTS;
  if (!file) throw new Error("HARMONY_TEST_DOCKER_HOSTS is not set: run through test/docker/.mocharc.json");
  return JSON.parse(readFileSync(file, "utf8"));
}

/** A known_hosts file of its own for a test, with every host's key unless told otherwise. */
export function knownHostsFile(text = testHosts().knownHosts): string {
  const file = join(mkdtempSync(join(tmpdir(), "harmony-known-")), "known_hosts");
  writeFileSync(file, text);
  return file;
}

/** host1 primary, host2 replica in failover `pair`; `app` (a dockerApp with `spec`) deployed on it as `name`. */
export function pairModel(name: string, spec: SpecObject): TopologyModel {
  const s = testHosts();
  const host = (h: TestHost, id: string) =>
    topology(id, "linuxHost", { name: `edge-${id}`, address: h.address, port: h.sshPort, user: "root", identityFile: s.clientKey });
  return {
    file: "/edge.topology.ts",
    topologies: [host(s.hosts[0], "a"), host(s.hosts[1], "b"), topology("pair", "failover", { name: "edge-pair" }, { primary: "a", replica: "b" })],
    scores: [score(`${name}.score`, "dockerApp", { name, ...spec })],
    deployments: [deployment(name, "pair", `${name}.score`)],
    capabilities: [],
  };
}

export function planOf(m: TopologyModel, name: string): HostPlan {
  const r = planAnyDeployment(m, name);
  if (!r.ok) throw new Error(r.error);
  if (!isHostPlan(r.plan)) throw new Error("not a host plan");
  return r.plan;
}

/** `count` httpd containers `prefix-0…` on one host in one step (then waited for), on ports from `firstPort`. */
export function manyContainersPlan(hostIndex: number, prefix: string, count: number, firstPort: number): HostPlan {
  const s = testHosts();
  const h = s.hosts[hostIndex];
  const target: HostTarget = { host: `edge-${hostIndex}`, address: h.address, port: h.sshPort, user: "root", identityFile: s.clientKey };
  const objects = Array.from({ length: count }, (_, j) =>
    containerOf(`${prefix}-${j}`, score(`${prefix}-${j}.score`, "dockerApp", { name: `${prefix}-${j}`, image: "harmony-test/httpd:1", ports: [`${firstPort + j}:8080`] })),
  );
  return {
    via: "ssh",
    deployment: prefix,
    file: "/edge.topology.ts",
    topology: target.host,
    score: prefix,
    steps: [
      { id: "s1", action: "apply", target, description: `${count} containers`, objects, after: [] },
      { id: "s2", action: "wait", target, description: `${count} containers healthy`, objects, after: ["s1"] },
    ],
  };
}

/** The host's engine, straight through its socket. */
export function engineOf(h: TestHost): Docker {
  return new Docker({ socketPath: h.socket });
}

/** GET http://address:port/ — the body, or the error's code. */
export function httpGet(address: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const req = get({ host: address, port, path: "/", timeout: 3000 }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve(body.trim()));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", (e: NodeJS.ErrnoException) => resolve(`error ${e.code ?? e.message}`));
  });
}

let nextPort = 18100;
/** A host port no other test publishes. */
export function freshPort(): number {
  return nextPort++;
}
