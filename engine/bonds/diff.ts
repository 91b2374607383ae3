// A host's bond as it is (its NodeNetworkState) against as it should be (the hostBonds score),
// both as canonical YAML texts ready for a diff editor or a unified diff.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import type { NetworkState, NmstateInterface, NodeNetworkState, TopologyModel } from "../../shared/model";
import { canonicalYaml } from "./canonical";
import { desiredBonds, type HostBond } from "./desired";
import { lockoutProblem, lockoutRisks, type LockoutRisk, type NodeAddresses } from "./lockout";
import type { BondProblem } from "./problem";
import { currentInterfaces, projectCurrent } from "./project";

/** One host's bond diff. `current` is "" when the node has no NodeNetworkState (see `problems`). */
export interface BondDiff {
  host: string;
  node: string;
  bond: string;
  changed: boolean;
  /** Canonical YAML of the current state, projected onto what desired sets. */
  current: string;
  /** Canonical YAML of the desired state. */
  desired: string;
  /** NICs the bond would take that the node may depend on; none when nothing changes. */
  lockout: LockoutRisk[];
  problems: BondProblem[];
}

/** The bond diffs of one `hostBonds` deployment. */
export interface BondDiffReport {
  deployment: string;
  cluster: string;
  /** The cluster's kube context, when the topology names one. */
  context?: string;
  hosts: BondDiff[];
  /** Problems about the deployment as a whole; each host's own are in its diff. */
  problems: BondProblem[];
}

/** Each bond port's bond, by port name, as the node reports them. */
function bondsByPort(current: ReturnType<typeof currentInterfaces>): Map<string, NmstateInterface> {
  const byPort = new Map<string, NmstateInterface>();
  for (const iface of current.values()) {
    const ports = (iface["link-aggregation"] as { port?: unknown } | undefined)?.port;
    if (iface.type === "bond" && Array.isArray(ports)) for (const p of ports) byPort.set(String(p), iface);
  }
  return byPort;
}

/**
 * The MAC an interface has of its own, when the node lets it be known: the permanent MAC, else
 * the reported one — unless the interface is a bond port reporting its bond's MAC, which the
 * kernel gives every port, so its own is unknown.
 */
function ownMac(iface: NmstateInterface, bondOf: Map<string, NmstateInterface>): string | undefined {
  const permanent = iface["permanent-mac-address"];
  if (typeof permanent === "string" && permanent) return permanent;
  const reported = iface["mac-address"];
  if (typeof reported !== "string" || iface.type === "bond") return undefined;
  return bondOf.get(iface.name)?.["mac-address"] === reported ? undefined : reported;
}

/** Cross-checks the topology's NICs against what the node reports: names and MACs. */
function nicProblems(bond: HostBond, current: ReturnType<typeof currentInterfaces>): BondProblem[] {
  const problems: BondProblem[] = [];
  const bondOf = bondsByPort(current);
  for (const nic of bond.nics) {
    const have = current.get(nic.name);
    const wanted = nic.mac?.toString();
    if (!have) {
      const elsewhere = wanted ? [...current.values()].find((i) => ownMac(i, bondOf) === wanted) : undefined;
      problems.push({
        severity: "warning",
        host: bond.host,
        message:
          `NIC ${nic.name} of host "${bond.host}" is not on node ${bond.node}` +
          (elsewhere ? `; the interface with MAC ${wanted} there is ${elsewhere.name}` : ""),
      });
      continue;
    }
    const own = ownMac(have, bondOf);
    if (wanted && own && own !== wanted) {
      problems.push({
        severity: "warning",
        host: bond.host,
        message: `NIC ${nic.name} on node ${bond.node} has MAC ${own}; the topology says ${wanted}`,
      });
    }
  }
  return problems;
}

/**
 * Diffs one host's desired bond against its node's NodeNetworkState (undefined when there is none);
 * `problems` already known for the host are carried along, `statesRead` names the states there were.
 */
export function diffHostBond(
  bond: HostBond,
  state: NodeNetworkState | undefined,
  problems: BondProblem[] = [],
  statesRead: readonly string[] = [],
  internalIPs: readonly string[] = [],
): BondDiff {
  const desired = canonicalYaml(bond.state);
  if (!state) {
    return {
      host: bond.host,
      node: bond.node,
      bond: bond.bond,
      changed: true,
      current: "",
      desired,
      lockout: [],
      problems: [
        ...problems,
        {
          severity: "error",
          host: bond.host,
          message:
            `no NodeNetworkState named "${bond.node}" for host "${bond.host}"; its current state is unknown` +
            (statesRead.length ? `; NodeNetworkStates read: ${statesRead.join(", ")}` : ""),
        },
      ],
    };
  }
  const currentState: NetworkState | undefined = state.status?.currentState;
  const interfaces = currentInterfaces(currentState);
  const current = canonicalYaml(projectCurrent(bond.state, interfaces, bond.nics));
  const extra = Array.isArray(currentState?.interfaces)
    ? nicProblems(bond, interfaces)
    : [{ severity: "warning" as const, host: bond.host, message: `NodeNetworkState "${bond.node}" reports no interfaces (status.currentState.interfaces)` }];
  const changed = current !== desired;
  const lockout = changed ? lockoutRisks(bond, state, internalIPs) : [];
  return {
    host: bond.host,
    node: bond.node,
    bond: bond.bond,
    changed,
    current,
    desired,
    lockout,
    problems: [...problems, ...extra, ...lockout.map((r) => lockoutProblem(r, bond.bond))],
  };
}

/**
 * Diffs every host of a `hostBonds` deployment (by id, const name or score name) against the
 * NodeNetworkStates given; a host whose state is missing is reported and the others still diff.
 * `nodes` (the Node objects' InternalIPs, when the cluster was read) sharpen the lockout check.
 */
export function diffBonds(
  model: TopologyModel,
  deploymentName: string,
  states: readonly NodeNetworkState[],
  nodes: readonly NodeAddresses[] = [],
): BondDiffReport {
  const wanted = desiredBonds(model, deploymentName);
  const byName = new Map(states.map((s) => [s.metadata.name, s]));
  const hostNames = new Set(wanted.hosts.map((h) => h.host));
  const read = [...byName.keys()].sort();
  const hosts = wanted.hosts.map((h) =>
    diffHostBond(
      h,
      byName.get(h.node),
      wanted.problems.filter((p) => p.host === h.host),
      read,
      nodes.find((n) => n.node === h.node)?.internalIPs,
    ),
  );
  return {
    deployment: wanted.deployment,
    cluster: wanted.cluster,
    context: wanted.context,
    hosts,
    problems: wanted.problems.filter((p) => p.host === undefined || !hostNames.has(p.host)),
  };
}

/** A unified diff of one host (`--- <host> (current)` / `+++ <host> (desired)`); "" when unchanged. */
export function unifiedBondDiff(d: BondDiff): string {
  if (!d.changed) return "";
  return createTwoFilesPatch(`${d.host} (current)`, `${d.host} (desired)`, d.current, d.desired, undefined, undefined, {
    headerOptions: FILE_HEADERS_ONLY,
  });
}
