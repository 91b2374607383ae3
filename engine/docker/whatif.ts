// What-if for hosts: each planned container against the live one (`docker inspect`), both cut down
// to what Harmony manages — image, ports, the env it sets, command, restart policy, its labels.
import { stringify } from "yaml";
import type Docker from "dockerode";
import { describeHost, type ContainerObject, type HostPlan, type HostTarget } from "../deploy/plan";
import { redactContainer } from "../deploy/render";
import { inspectByName } from "./containers";
import { SPEC_HASH } from "./plan";
import { hostKeyOf } from "./deploy";
import { connectHost, type HostConnection, type SshOptions } from "./ssh";

export interface HostWhatIfEntry {
  step: string;
  target: HostTarget;
  /** `Container web` */
  ref: string;
  /** The live container on Harmony's fields, YAML; empty when it does not exist. */
  live: string;
  planned: string;
  changed: boolean;
  note?: string;
}

const yaml = (v: unknown) => stringify(v, { lineWidth: 0, indentSeq: true, aliasDuplicateObjects: false });

/** The live container seen as a ContainerObject, on the fields the plan sets. */
function liveView(info: Docker.ContainerInspectInfo, planned: ContainerObject): ContainerObject {
  const env = Object.fromEntries((info.Config.Env ?? []).map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]).filter(([k]) => k in planned.env));
  const ports: string[] = [];
  for (const [key, list] of Object.entries(info.HostConfig.PortBindings ?? {})) {
    const [port, proto] = key.split("/");
    for (const b of (list as { HostIp?: string; HostPort?: string }[]) ?? []) ports.push(`${b.HostIp ? `${b.HostIp}:` : ""}${b.HostPort}:${port}${proto === "udp" ? "/udp" : ""}`);
  }
  const labels = Object.fromEntries(Object.entries(info.Config.Labels ?? {}).filter(([k]) => k.startsWith("io.harmony.")));
  return {
    kind: "Container",
    name: info.Name.replace(/^\//, ""),
    image: info.Config.Image,
    ports: ports.sort(),
    env,
    ...(planned.command ? { command: info.Config.Cmd ?? [] } : {}),
    restart: (info.HostConfig.RestartPolicy?.Name || "no") as ContainerObject["restart"],
    labels,
    pull: planned.pull,
  };
}

/** Inspects every planned container on its host; changes nothing. */
export async function hostWhatIf(plan: HostPlan, o: SshOptions & { connections?: Map<string, HostConnection> } = {}): Promise<HostWhatIfEntry[]> {
  const own = new Map<string, HostConnection>();
  const entries: HostWhatIfEntry[] = [];
  const signal = o.signal ?? new AbortController().signal;
  try {
    for (const step of plan.steps) {
      if (step.action !== "apply") continue;
      const key = hostKeyOf(step.target);
      let conn = o.connections?.get(key) ?? own.get(key);
      if (!conn) {
        conn = await connectHost(step.target, o);
        own.set(key, conn);
      }
      for (const c of step.objects) {
        const planned = redactContainer({ ...c, ports: [...c.ports].sort() });
        const info = await inspectByName(conn.docker, c.name, signal);
        const live = info ? redactContainer(liveView(info, c)) : undefined;
        entries.push({
          step: step.id,
          target: step.target,
          ref: `Container ${c.name}`,
          live: live ? yaml(live) : "",
          planned: yaml(planned),
          changed: live?.labels[SPEC_HASH] !== c.labels[SPEC_HASH],
          ...(info && !info.State.Running ? { note: `the live container is ${info.State.Status} on ${describeHost(step.target)}` } : {}),
        });
      }
    }
  } finally {
    for (const c of own.values()) c.close();
  }
  return entries;
}
