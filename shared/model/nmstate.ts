// The nmstate shapes Harmony writes and reads (kubernetes-nmstate, nmstate.io). Only the fields the
// bond differ uses are named; everything else a cluster reports is kept as unknown extra keys.

/** Bond modes, as nmstate spells them today (`lacp` and numeric modes are read as these). */
export type BondMode =
  | "balance-rr"
  | "active-backup"
  | "balance-xor"
  | "broadcast"
  | "802.3ad"
  | "balance-tlb"
  | "balance-alb";

/** `ipv4` / `ipv6` of an interface. */
export interface IpStack {
  enabled: boolean;
  dhcp?: boolean;
  autoconf?: boolean;
  [extra: string]: unknown;
}

/** `link-aggregation` of a bond interface. */
export interface LinkAggregation {
  mode: BondMode | string;
  /** Bond options, e.g. `miimon: 100`; a cluster may report values as strings. */
  options?: Record<string, string | number | boolean>;
  /** Port interface names; older nmstate wrote `slaves`, some versions `ports`. */
  port?: string[];
  [extra: string]: unknown;
}

interface InterfaceBase {
  name: string;
  type: string;
  state?: "up" | "down" | "absent" | "ignore" | string;
  description?: string;
  "mac-address"?: string;
  mtu?: number;
  ipv4?: IpStack;
  ipv6?: IpStack;
  [extra: string]: unknown;
}

export interface EthernetInterface extends InterfaceBase {
  type: "ethernet";
}

export interface BondInterface extends InterfaceBase {
  type: "bond";
  /** Apply-time directive: take the MAC of this port. NodeNetworkState never reports it. */
  "copy-mac-from"?: string;
  "link-aggregation": LinkAggregation;
}

export type NmstateInterface = EthernetInterface | BondInterface | InterfaceBase;

/** An nmstate network state: what a policy desires, or what a node reports. */
export interface NetworkState {
  interfaces: NmstateInterface[];
  [extra: string]: unknown;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [extra: string]: unknown;
}

/** `nmstate.io/v1beta1` NodeNetworkState: one per node, named after the node, read-only. */
export interface NodeNetworkState {
  apiVersion: string;
  kind: "NodeNetworkState";
  metadata: ObjectMeta;
  status?: {
    currentState?: NetworkState;
    [extra: string]: unknown;
  };
}

/** `nmstate.io/v1` NodeNetworkConfigurationPolicy: a desired state applied to the selected nodes. */
export interface NodeNetworkConfigurationPolicy {
  apiVersion: "nmstate.io/v1";
  kind: "NodeNetworkConfigurationPolicy";
  metadata: ObjectMeta;
  spec: {
    nodeSelector?: Record<string, string>;
    desiredState: NetworkState;
    maxUnavailable?: number | string;
  };
}

export const NMSTATE_GROUP = "nmstate.io";
export const NODE_NETWORK_STATE_VERSION = "v1beta1";
export const NODE_NETWORK_STATE_PLURAL = "nodenetworkstates";
