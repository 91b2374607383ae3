// A host's bond as it is (its NodeNetworkState) against as it should be (the hostBonds score),
// both as canonical YAML texts ready for a diff editor or a unified diff.
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import type { NetworkState, NodeNetworkState, TopologyModel } from "../../shared/model";
import { canonicalYaml } from "./canonical";
import { desiredBonds, type HostBond } from "./desired";
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

/** Cross-checks the topology's NICs against what the node reports: names and MACs. */
function nicProblems(bond: HostBond, current: ReturnType<typeof currentInterfaces>): BondProblem[] {
  const problems: BondProblem[] = [];
  for (const nic of bond.nics) {
    const have = current.get(nic.name);
    const wanted = nic.mac?.toString();
    if (!have) {
      const elsewhere = wanted
        ? [...current.values()].find((i) => (i["permanent-mac-address"] ?? i["mac-address"]) === wanted && i.type !== "bond")
        : undefined;
      problems.push({
        severity: "warning",
        host: bond.host,
        message:
          `NIC ${nic.name} of host "${bond.host}" is not on node ${bond.node}` +
          (elsewhere ? `; the interface with MAC ${wanted} there is ${elsewhere.name}` : ""),
      });
      continue;
    }
    const own = have["permanent-mac-address"] ?? have["mac-address"];
    if (wanted && typeof own === "string" && own !== wanted && have.type !== "bond") {
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
  return {
    host: bond.host,
    node: bond.node,
    bond: bond.bond,
    changed: current !== desired,
    current,
    desired,
    problems: [...problems, ...extra],
  };
}

/**
 * Diffs every host of a `hostBonds` deployment (by id, const name or score name) against the
 * NodeNetworkStates given; a host whose state is missing is reported and the others still diff.
 */
export function diffBonds(model: TopologyModel, deploymentName: string, states: readonly NodeNetworkState[]): BondDiffReport {
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
