// NodeNetworkStates for tests, built from interfaces as a node would report them.
import type { NodeNetworkState } from "../../../shared/model";

export type Iface = Record<string, unknown>;

export function nns(node: string, interfaces: Iface[]): NodeNetworkState {
  return {
    apiVersion: "nmstate.io/v1beta1",
    kind: "NodeNetworkState",
    metadata: { name: node },
    status: { currentState: { interfaces: interfaces as never } },
  };
}

/** worker-0 bonded exactly as desired, in today's spelling, with no runtime fields. */
export function bondedWorker0(): Iface[] {
  return [
    { name: "eno1", type: "ethernet", state: "up", description: "Member of bond bond0", "mac-address": "aa:bb:cc:00:00:01", ipv4: { enabled: false }, ipv6: { enabled: false } },
    { name: "eno2", type: "ethernet", state: "up", description: "Member of bond bond0", "mac-address": "aa:bb:cc:00:00:01", "permanent-mac-address": "aa:bb:cc:00:00:02", ipv4: { enabled: false }, ipv6: { enabled: false } },
    {
      name: "bond0",
      type: "bond",
      state: "up",
      description: "HARMONY - Network bond for host worker-0",
      "mac-address": "aa:bb:cc:00:00:01",
      ipv4: { enabled: true, dhcp: true },
      ipv6: { enabled: false },
      "link-aggregation": { mode: "802.3ad", options: { miimon: 100 }, port: ["eno1", "eno2"] },
    },
  ];
}

/** `bondedWorker0()` with the bond interface changed by `f`. */
export function withBond(f: (bond: Iface) => void): Iface[] {
  const ifaces = bondedWorker0();
  f(ifaces[2]);
  return ifaces;
}
