// A cluster's hosts as its NodeNetworkStates report them: each node with its physical NICs, for
// writing into an okdCluster. Only real ports can be bonded, so everything the kernel or a
// network stack made up is left out: loopback, bridges (Linux and OVS), veth pairs, VLANs,
// existing bonds, tunnels, dummies.
import { MacAddress, type NodeNetworkState } from "../../shared/model";
import type { ImportedHost } from "../../shared/protocol/lsp";
import { currentInterfaces } from "./project";

/** Sections that make an `ethernet`-typed interface virtual (nmstate 1 reports a veth pair as ethernet with `veth`). */
const VIRTUAL_SECTIONS = ["veth", "vlan", "vxlan", "bridge", "link-aggregation", "mac-vlan", "mac-vtap", "infiniband"];
/** Names container runtimes and OVN give interfaces nmstate may still call ethernet. */
const VIRTUAL_NAMES = /^(?:veth|vnet|tap|tun|docker|cni|flannel|cali|genev_sys|ovn-k8s|ovs-|br-|virbr|lo$)/;

function natural(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** Whether nmstate reports this interface as a physical port. */
export function isPhysicalNic(iface: Record<string, unknown>): boolean {
  if (iface.type !== "ethernet") return false;
  if (typeof iface.name !== "string" || VIRTUAL_NAMES.test(iface.name)) return false;
  return !VIRTUAL_SECTIONS.some((s) => iface[s] !== undefined && iface[s] !== null);
}

/** The host name for a node: its first DNS label, with `node` kept when they differ. */
export function hostOfNode(node: string): { name: string; node?: string } {
  const name = node.split(".")[0] || node;
  return name === node ? { name } : { name, node };
}

/** Each node's physical NICs, by node name; MACs are the permanent ones, when reported. */
export function hostsFromStates(states: readonly NodeNetworkState[]): ImportedHost[] {
  const hosts: ImportedHost[] = [];
  for (const state of [...states].sort((a, b) => natural(a.metadata.name, b.metadata.name))) {
    const interfaces = currentInterfaces(state.status?.currentState);
    const bondPorts = new Set<string>();
    for (const i of interfaces.values()) {
      const ports = (i["link-aggregation"] as { port?: unknown } | undefined)?.port;
      if (Array.isArray(ports)) for (const p of ports) bondPorts.add(String(p));
    }
    const nics = [...interfaces.values()]
      .filter((i) => isPhysicalNic(i))
      .sort((a, b) => natural(a.name, b.name))
      .map((i) => {
        // A bond port reports its bond's MAC; only the permanent one is the NIC's own.
        const raw = i["permanent-mac-address"] ?? (bondPorts.has(i.name) ? undefined : i["mac-address"]);
        const mac = typeof raw === "string" ? MacAddress.parse(raw) : undefined;
        return mac && !/^00(:00){5}$/.test(mac.toString()) ? { name: i.name, mac: mac.toString() } : { name: i.name };
      });
    hosts.push({ ...hostOfNode(state.metadata.name), nics });
  }
  return hosts;
}
