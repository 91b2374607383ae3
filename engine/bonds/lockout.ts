// The lockout check: a bond takes its ports' addresses and routes away from them, so bonding the
// NIC a node reaches the cluster through can cut the node off — and then nmstate cannot report
// back. Read from what the node reports (routes, addresses, link states) and, when the cluster was
// asked, the Node object's InternalIP; pure, so the diff, the editor and the CLI agree.
import { DiagnosticCode, type NmstateInterface, type NodeNetworkState } from "../../shared/model";
import type { HostBond } from "./desired";
import type { BondProblem } from "./problem";
import { currentInterfaces } from "./project";

/** What the Node object says of a node: its name and its InternalIP addresses. */
export interface NodeAddresses {
  node: string;
  internalIPs: string[];
}

/** One NIC a desired bond would take that the node may depend on, and why. */
export interface LockoutRisk {
  host: string;
  node: string;
  nic: string;
  /** e.g. "carries the default route 0.0.0.0/0 via 10.10.0.1", "holds the node's InternalIP 10.10.0.22". */
  reasons: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const DEFAULT_DESTINATIONS = new Set(["0.0.0.0/0", "::/0"]);

/** The interfaces an interface is stacked on: a bond's ports, a VLAN's base, a bridge's ports. */
function lowers(iface: NmstateInterface): string[] {
  const out: string[] = [];
  const la = iface["link-aggregation"];
  if (isRecord(la) && Array.isArray(la.port)) out.push(...la.port.map(String));
  for (const key of ["vlan", "vxlan", "mac-vlan", "mac-vtap"]) {
    const v = iface[key];
    if (isRecord(v) && typeof v["base-iface"] === "string") out.push(v["base-iface"]);
  }
  const bridge = iface.bridge;
  if (isRecord(bridge) && Array.isArray(bridge.port)) {
    for (const p of bridge.port) if (isRecord(p) && typeof p.name === "string") out.push(p.name);
  }
  return out;
}

/** `nic` and every interface stacked on it, except the desired bond itself: it stays. */
function carriedBy(nic: string, all: Map<string, NmstateInterface>, bond: string): string[] {
  const uppers = new Map<string, string[]>();
  for (const iface of all.values()) for (const low of lowers(iface)) uppers.set(low, [...(uppers.get(low) ?? []), iface.name]);
  const seen = new Set<string>([nic]);
  const queue = [nic];
  while (queue.length) {
    for (const up of uppers.get(queue.shift()!) ?? []) {
      if (seen.has(up) || (up === bond && all.get(up)?.type === "bond")) continue;
      seen.add(up);
      queue.push(up);
    }
  }
  return [...seen];
}

function addresses(iface: NmstateInterface | undefined): string[] {
  const out: string[] = [];
  for (const stack of [iface?.ipv4, iface?.ipv6]) {
    const list = isRecord(stack) ? stack.address : undefined;
    if (Array.isArray(list)) for (const a of list) if (isRecord(a) && typeof a.ip === "string") out.push(a.ip);
  }
  return out;
}

function onIface(name: string, nic: string): string {
  return name === nic ? "" : ` (on ${name})`;
}

/**
 * The NICs of `bond` that its node may depend on: the default route's interface, the node's
 * InternalIP, or its only link that is up. `internalIPs` come from the Node object; without them
 * that one check is not made.
 */
export function lockoutRisks(bond: HostBond, state: NodeNetworkState | undefined, internalIPs: readonly string[] = []): LockoutRisk[] {
  const current = state?.status?.currentState;
  if (!current) return [];
  const all = currentInterfaces(current);
  const routes = isRecord(current.routes) && Array.isArray(current.routes.running) ? current.routes.running.filter(isRecord) : [];
  const defaults = routes.filter((r) => DEFAULT_DESTINATIONS.has(String(r.destination)) && typeof r["next-hop-interface"] === "string");
  const upLinks = [...all.values()].filter((i) => i.type === "ethernet" && i.state === "up").map((i) => i.name);
  const risks: LockoutRisk[] = [];
  for (const { name: nic } of bond.nics) {
    if (!all.has(nic)) continue;
    const carried = carriedBy(nic, all, bond.bond);
    const reasons: string[] = [];
    for (const r of defaults) {
      const via = String(r["next-hop-interface"]);
      if (!carried.includes(via)) continue;
      const hop = typeof r["next-hop-address"] === "string" && r["next-hop-address"] ? ` via ${r["next-hop-address"]}` : "";
      reasons.push(`carries the default route ${r.destination}${hop}${onIface(via, nic)}`);
    }
    for (const name of carried) {
      for (const ip of addresses(all.get(name)).filter((a) => internalIPs.includes(a))) {
        reasons.push(`holds the node's InternalIP ${ip}${onIface(name, nic)}`);
      }
    }
    if (upLinks.length === 1 && upLinks[0] === nic) reasons.push("is the node's only link that is up");
    if (reasons.length) risks.push({ host: bond.host, node: bond.node, nic, reasons });
  }
  return risks;
}

/** The warning a lockout risk is, in the diff, the editor and the CLI. */
export function lockoutProblem(risk: LockoutRisk, bond: string): BondProblem {
  return {
    severity: "warning",
    host: risk.host,
    code: DiagnosticCode.LockoutRisk,
    message:
      `bonding ${risk.nic} into ${bond} may cut node ${risk.node} off: ${risk.nic} ${risk.reasons.join(", and ")}; ` +
      "unless the bond comes up with the same address, have a way in out of band",
  };
}
