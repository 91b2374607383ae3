// What a `dockerApp` asks of a Docker engine, read from its spec. The checker (through
// deployBlocker) and the deploy planner read it with this one function, so a spec the planner
// cannot run is an edit-time problem, never a deploy-time one.
import { describeValue } from "./deployable";
import type { Score, SpecObject, SpecValue, Topology } from "./topology";

export type RestartPolicy = "no" | "always" | "unless-stopped" | "on-failure";
const RESTART: readonly RestartPolicy[] = ["no", "always", "unless-stopped", "on-failure"];

/** One published port: `[address:]hostPort:containerPort[/udp]`. */
export interface PortMapping {
  hostIp?: string;
  hostPort: number;
  containerPort: number;
  protocol: "tcp" | "udp";
}

export interface ContainerSettings {
  image: string;
  ports: PortMapping[];
  env: Record<string, string>;
  command?: string[];
  restart: RestartPolicy;
  pull: "missing" | "always";
}

export type ContainerRead = { ok: true; settings: ContainerSettings } | { ok: false; problem: string };

const isPort = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;

/** `8080:80`, `127.0.0.1:8080:80/udp`, `6379` (same port on both sides). */
export function parsePort(v: SpecValue): PortMapping | undefined {
  if (typeof v === "number") return isPort(v) ? { hostPort: v, containerPort: v, protocol: "tcp" } : undefined;
  if (typeof v !== "string") return undefined;
  const m = /^(?:(\[[0-9a-fA-F:]+\]|\d{1,3}(?:\.\d{1,3}){3}):)?(?:(\d+):)?(\d+)(?:\/(tcp|udp))?$/.exec(v.trim());
  if (!m) return undefined;
  const containerPort = Number(m[3]);
  const hostPort = m[2] === undefined ? containerPort : Number(m[2]);
  if (!isPort(hostPort) || !isPort(containerPort)) return undefined;
  return { ...(m[1] ? { hostIp: m[1].replace(/^\[|\]$/g, "") } : {}), hostPort, containerPort, protocol: (m[4] as "tcp" | "udp") ?? "tcp" };
}

/** `127.0.0.1:8080:80`, `8080:80/udp`: the mapping as a user writes it. */
export function formatPort(p: PortMapping): string {
  return `${p.hostIp ? `${p.hostIp.includes(":") ? `[${p.hostIp}]` : p.hostIp}:` : ""}${p.hostPort}:${p.containerPort}${p.protocol === "udp" ? "/udp" : ""}`;
}

/** Reads a dockerApp's spec; the problem names the field and what it should be. */
export function readContainerSpec(owner: string, spec: SpecObject): ContainerRead {
  const fail = (field: string, v: SpecValue | undefined, expected: string): ContainerRead => ({ ok: false, problem: `${field} of ${owner} ${describeValue(v)}; expected ${expected}` });
  const image = spec.image;
  if (typeof image !== "string" || !image.trim()) return fail("image", image, "an image reference such as redis:7");
  const ports: PortMapping[] = [];
  if (spec.ports !== undefined && spec.ports !== null) {
    if (!Array.isArray(spec.ports)) return fail("ports", spec.ports, 'a list such as ["8080:80"]');
    for (const p of spec.ports) {
      const parsed = parsePort(p);
      if (!parsed) return fail("a port", p, '"hostPort:containerPort" (optionally "address:" before, "/udp" after) or a port number');
      ports.push(parsed);
    }
    const seen = new Set<string>();
    for (const p of ports) {
      const key = `${p.hostIp ?? "*"}:${p.hostPort}/${p.protocol}`;
      if (seen.has(key)) return fail("ports", spec.ports, `each host port once; ${p.hostPort}/${p.protocol} is published twice`);
      seen.add(key);
    }
  }
  const env: Record<string, string> = {};
  if (spec.env !== undefined && spec.env !== null) {
    if (typeof spec.env !== "object" || Array.isArray(spec.env)) return fail("env", spec.env, "an object of names to values");
    for (const [k, v] of Object.entries(spec.env)) {
      if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(k)) return fail(`env name "${k}"`, k, "letters, digits and _");
      if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return fail(`env ${k}`, v, "a string, number or boolean");
      env[k] = String(v);
    }
  }
  let command: string[] | undefined;
  if (spec.command !== undefined && spec.command !== null) {
    if (!Array.isArray(spec.command) || !spec.command.every((c) => typeof c === "string")) return fail("command", spec.command, "a list of strings");
    command = spec.command as string[];
  }
  const restart = spec.restart ?? "unless-stopped";
  if (!RESTART.includes(restart as RestartPolicy)) return fail("restart", restart, RESTART.map((r) => `"${r}"`).join(", "));
  const pull = spec.pull ?? "missing";
  if (pull !== "missing" && pull !== "always") return fail("pull", pull, '"missing" or "always"');
  return { ok: true, settings: { image: image.trim(), ports, env, ...(command ? { command } : {}), restart: restart as RestartPolicy, pull } };
}

/** The SSH endpoint of a Linux host: `user@address:port`, as far as the model says. */
export function hostEndpoint(t: Topology): { address: string; port: number; user?: string; identityFile?: string } {
  const { address, port, user, identityFile } = t.spec;
  return {
    address: typeof address === "string" ? address : "",
    port: typeof port === "number" ? port : 22,
    ...(typeof user === "string" && user ? { user } : {}),
    ...(typeof identityFile === "string" && identityFile ? { identityFile } : {}),
  };
}

/**
 * Why a dockerApp cannot be deployed on these Linux hosts: its spec, a host's SSH fields, or two
 * sides that are the same host (one container name cannot run twice on one engine).
 */
export function hostDeploymentProblem(score: Score, leaves: readonly Topology[]): { message: string; about: "score" | "topology" } | undefined {
  const read = readContainerSpec(`score "${score.name}"`, score.spec);
  if (!read.ok) return { message: read.problem, about: "score" };
  const seen = new Map<string, string>();
  for (const leaf of leaves) {
    const owner = `topology "${leaf.name}"`;
    const { address, port, user, identityFile } = leaf.spec;
    if (typeof address !== "string" || !address.trim()) return { message: `address of ${owner} ${describeValue(address)}; expected a host name or IP address`, about: "topology" };
    if (port !== undefined && (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65535)) {
      return { message: `port of ${owner} ${describeValue(port)}; expected a port between 1 and 65535`, about: "topology" };
    }
    for (const [field, v] of [["user", user], ["identityFile", identityFile]] as const) {
      if (v !== undefined && typeof v !== "string") return { message: `${field} of ${owner} ${describeValue(v)}; expected a string`, about: "topology" };
    }
    const key = `${address.trim().toLowerCase()}:${port ?? 22}`;
    const other = seen.get(key);
    if (other) return { message: `"${other}" and "${leaf.name}" are the same host (${key}); a failover's sides need hosts of their own`, about: "topology" };
    seen.set(key, leaf.name);
  }
  return undefined;
}
