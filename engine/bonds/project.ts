// The current state seen the way nmstate verifies a desired state: only what the desired state sets
// is looked at, so defaulted and runtime fields (mtu, ethtool, lldp, leases, extra bond options)
// never reach the diff.
import { MacAddress, type NetworkState, type NmstateInterface } from "../../shared/model";
import type { HostNic } from "./desired";
import { canonicalInterface } from "./spelling";

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** `current` cut down to the keys `desired` sets, recursively; lists are taken whole. */
export function projectOnto(desired: unknown, current: unknown): unknown {
  if (!isRecord(desired) || !isRecord(current)) return current;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(desired)) {
    if (current[key] === undefined) continue;
    out[key] = projectOnto(desired[key], current[key]);
  }
  return out;
}

/**
 * The MAC an interface has of its own. A bond rewrites its ports' `mac-address`, so a reported
 * `permanent-mac-address` wins, then the MAC the topology declares, then the reported one.
 */
function ownMac(iface: NmstateInterface | undefined, declared: MacAddress | undefined): string | undefined {
  const permanent = iface?.["permanent-mac-address"];
  if (typeof permanent === "string" && permanent) return permanent;
  if (declared) return declared.toString();
  const reported = iface?.["mac-address"];
  return typeof reported === "string" ? reported : undefined;
}

/** Orders `ports` as `wanted` lists them, others after, by name: port order is not a change. */
function orderPorts(ports: string[], wanted: string[]): string[] {
  const rank = new Map(wanted.map((p, i) => [p, i]));
  return [...ports].sort((a, b) => {
    const ra = rank.get(a) ?? Infinity;
    const rb = rank.get(b) ?? Infinity;
    return ra !== rb ? ra - rb : a < b ? -1 : a > b ? 1 : 0;
  });
}

/** Current interfaces by name, in today's spelling. */
export function currentInterfaces(state: NetworkState | undefined): Map<string, NmstateInterface> {
  const byName = new Map<string, NmstateInterface>();
  for (const raw of state?.interfaces ?? []) {
    if (isRecord(raw) && typeof raw.name === "string") byName.set(raw.name, canonicalInterface(raw));
  }
  return byName;
}

/**
 * The current state projected onto the desired one: desired interfaces that exist, in desired
 * order, with only the fields desired sets. `copy-mac-from` (never reported) holds when the bond's
 * MAC is its port's own MAC.
 */
export function projectCurrent(
  desired: NetworkState,
  current: Map<string, NmstateInterface>,
  nics: readonly HostNic[],
): NetworkState {
  const interfaces: NmstateInterface[] = [];
  for (const want of desired.interfaces) {
    const have = current.get(want.name);
    if (!have) continue;
    const seen = projectOnto(want, have) as NmstateInterface;
    delete seen["copy-mac-from"];
    const copyFrom = want["copy-mac-from"];
    if (typeof copyFrom === "string") {
      const bondMac = have["mac-address"];
      const portMac = ownMac(current.get(copyFrom), nics.find((n) => n.name === copyFrom)?.mac);
      if (typeof bondMac === "string" && portMac && MacAddress.parse(bondMac)?.equals(portMac)) {
        seen["copy-mac-from"] = copyFrom;
      }
    }
    const la = seen["link-aggregation"];
    const wantedPorts = (want["link-aggregation"] as { port?: string[] } | undefined)?.port;
    if (isRecord(la) && Array.isArray(la.port) && wantedPorts) la.port = orderPorts(la.port as string[], wantedPorts);
    interfaces.push(seen);
  }
  return { interfaces };
}
