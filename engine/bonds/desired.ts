// The desired bond of each host, as Harmony's OpenShiftNmStateNetworkManager writes it: every NIC
// of the host becomes a port of one bond, the bond takes its first port's MAC and asks DHCP.
import {
  excerpt,
  DiagnosticCode,
  MacAddress,
  isUnevaluated,
  type BondInterface,
  type Deployment,
  type EthernetInterface,
  type NetworkState,
  type NodeNetworkConfigurationPolicy,
  type Score,
  type SpecValue,
  type Topology,
  type TopologyModel,
} from "../../shared/model";
import type { BondProblem } from "./problem";
import { canonicalBondMode } from "./spelling";

export const DEFAULT_BOND = "bond0";
export const DEFAULT_MODE = "802.3ad";
export const DEFAULT_MIIMON = 100;

/** What a `hostBonds` score asks for, defaults filled in. */
export interface BondSettings {
  bond: string;
  mode: string;
  miimon: number;
}

/** A NIC of a topology host; `mac` is undefined when the topology's text is not a MAC address. */
export interface HostNic {
  name: string;
  mac?: MacAddress;
}

/** One host's desired bond and the policy that applies it. */
export interface HostBond {
  /** The host's name in the topology. */
  host: string;
  /** The Kubernetes node: the host's `node`, else its name. Its NodeNetworkState has this name. */
  node: string;
  bond: string;
  nics: HostNic[];
  /** The nmstate desired state: the member NICs in order, then the bond. */
  state: NetworkState;
  policy: NodeNetworkConfigurationPolicy;
}

/** The desired bonds of one `hostBonds` deployment. */
export interface BondDeployment {
  deployment: string;
  /** The okdCluster topology's id and name, and its kube context when it names one. */
  topology: string;
  cluster: string;
  context?: string;
  score: string;
  settings: BondSettings;
  hosts: HostBond[];
  problems: BondProblem[];
}

/** The `hostBonds` deployments of a model, in source order. */
export function bondDeployments(model: TopologyModel): Deployment[] {
  return model.deployments.filter((d) => model.scores.find((s) => s.id === d.score)?.kind === "hostBonds");
}

/** The desired state of one host's bond: member NICs (in the given order), then the bond itself. */
export function desiredHostState(host: string, nics: readonly string[], settings: BondSettings): NetworkState {
  const members: EthernetInterface[] = nics.map((name) => ({
    name,
    type: "ethernet",
    state: "up",
    description: `Member of bond ${settings.bond}`,
    ipv4: { enabled: false },
    ipv6: { enabled: false },
  }));
  const bond: BondInterface = {
    name: settings.bond,
    type: "bond",
    state: "up",
    description: `HARMONY - Network bond for host ${host}`,
    "copy-mac-from": nics[0],
    ipv4: { enabled: true, dhcp: true },
    ipv6: { enabled: false },
    "link-aggregation": {
      mode: settings.mode,
      options: { miimon: settings.miimon },
      port: [...nics],
    },
  };
  return { interfaces: [...members, bond] };
}

/** A Kubernetes object name from free text: lower case, `[a-z0-9-]`, at most 63 characters. */
function dnsLabel(text: string): string {
  const label = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return label.slice(0, 63).replace(/-+$/, "") || "host";
}

/** The NodeNetworkConfigurationPolicy that applies `state` on `node` only. */
export function bondPolicy(
  score: string,
  host: string,
  node: string,
  bond: string,
  state: NetworkState,
): NodeNetworkConfigurationPolicy {
  return {
    apiVersion: "nmstate.io/v1",
    kind: "NodeNetworkConfigurationPolicy",
    metadata: {
      name: dnsLabel(`harmony-${bond}-${host}`),
      labels: {
        "app.kubernetes.io/managed-by": "harmony",
        "harmony.nationtech.io/score": dnsLabel(score),
        "harmony.nationtech.io/host": dnsLabel(host),
      },
    },
    spec: {
      nodeSelector: { "kubernetes.io/hostname": node },
      desiredState: state,
    },
  };
}

/** Finds a deployment by id, const name, or its score's name. */
function findDeployment(model: TopologyModel, name: string): Deployment | undefined {
  return (
    model.deployments.find((d) => d.id === name || d.constName === name) ??
    model.deployments.find((d) => model.scores.find((s) => s.id === d.score)?.name === name)
  );
}

function describe(v: SpecValue | undefined): string {
  return isUnevaluated(v) ? `cannot be evaluated statically (${v.$unevaluated.slice(0, 200)})` : `is ${excerpt(v)}`;
}

function readSettings(score: Score, problems: BondProblem[]): BondSettings {
  const { bond, mode, miimon } = score.spec;
  const settings: BondSettings = { bond: DEFAULT_BOND, mode: DEFAULT_MODE, miimon: DEFAULT_MIIMON };
  if (bond !== undefined) {
    if (typeof bond === "string" && bond.trim()) settings.bond = bond.trim();
    else problems.push({ severity: "error", message: `bond of score "${score.name}" ${describe(bond)}; expected an interface name such as "bond0"` });
  }
  if (mode !== undefined) {
    if (typeof mode === "string" || typeof mode === "number") settings.mode = canonicalBondMode(mode) ?? DEFAULT_MODE;
    else problems.push({ severity: "error", message: `mode of score "${score.name}" ${describe(mode)}; expected a bond mode such as "802.3ad"` });
  }
  if (miimon !== undefined) {
    const n = typeof miimon === "string" ? Number(miimon) : miimon;
    if (typeof n === "number" && Number.isInteger(n) && n >= 0) settings.miimon = n;
    else problems.push({ severity: "error", message: `miimon of score "${score.name}" ${describe(miimon)}; expected milliseconds, e.g. 100` });
  }
  return settings;
}

interface TopologyHost {
  name: string;
  node: string;
  nics: HostNic[];
  problems: BondProblem[];
}

function readHosts(topology: Topology, problems: BondProblem[]): TopologyHost[] {
  const hosts = topology.spec.hosts;
  if (!Array.isArray(hosts)) {
    problems.push({
      severity: "error",
      message: `topology "${topology.name}" (${topology.kind}) has no hosts to bond: hosts ${describe(hosts)}`,
    });
    return [];
  }
  const out: TopologyHost[] = [];
  hosts.forEach((h, i) => {
    if (typeof h !== "object" || h === null || Array.isArray(h) || isUnevaluated(h) || typeof h.name !== "string") {
      problems.push({ severity: "error", message: `host ${i + 1} of topology "${topology.name}" ${describe(h)}; expected {name, node?, nics}` });
      return;
    }
    const host: TopologyHost = { name: h.name, node: typeof h.node === "string" && h.node ? h.node : h.name, nics: [], problems: [] };
    if (h.node !== undefined && typeof h.node !== "string") {
      host.problems.push({ severity: "error", host: h.name, message: `node of host "${h.name}" ${describe(h.node)}` });
    }
    if (!Array.isArray(h.nics)) {
      host.problems.push({ severity: "error", host: host.name, message: `nics of host "${host.name}" ${describe(h.nics)}; expected a list of {name, mac}` });
    } else {
      h.nics.forEach((nic, j) => {
        if (typeof nic !== "object" || nic === null || Array.isArray(nic) || isUnevaluated(nic) || typeof nic.name !== "string") {
          host.problems.push({ severity: "error", host: host.name, message: `NIC ${j + 1} of host "${host.name}" ${describe(nic)}; expected {name, mac}` });
          return;
        }
        let mac: MacAddress | undefined;
        if (typeof nic.mac === "string") {
          const parsed = MacAddress.tryParse(nic.mac);
          if (parsed.ok) mac = parsed.mac;
          else
            host.problems.push({
              severity: "error",
              host: host.name,
              code: DiagnosticCode.InvalidMacAddress,
              message: `NIC ${nic.name} of host "${host.name}": ${parsed.message}`,
            });
        } else if (nic.mac !== undefined) {
          host.problems.push({ severity: "error", host: host.name, message: `mac of NIC ${nic.name} of host "${host.name}" ${describe(nic.mac)}` });
        }
        host.nics.push({ name: nic.name, mac });
      });
      if (h.nics.length === 0) {
        host.problems.push({ severity: "error", host: host.name, message: `host "${host.name}" has no NICs to bond` });
      }
    }
    out.push(host);
  });
  return out;
}

/** Which topology hosts a score bonds: those it names in `hosts` (by host or node name), else all. */
function selectHosts(score: Score, topology: Topology, hosts: TopologyHost[], problems: BondProblem[]): TopologyHost[] {
  const wanted = score.spec.hosts;
  if (wanted === undefined) return hosts;
  if (!Array.isArray(wanted) || !wanted.every((w) => typeof w === "string")) {
    problems.push({ severity: "error", message: `hosts of score "${score.name}" ${describe(wanted)}; expected a list of host names` });
    return [];
  }
  const selected: TopologyHost[] = [];
  for (const name of wanted as string[]) {
    const host = hosts.find((h) => h.name === name) ?? hosts.find((h) => h.node === name);
    if (host) {
      if (!selected.includes(host)) selected.push(host);
    } else {
      problems.push({
        severity: "error",
        host: name,
        message: `score "${score.name}" bonds host "${name}", which topology "${topology.name}" does not have; its hosts: ${hosts.map((h) => h.name).join(", ") || "none"}`,
      });
    }
  }
  return selected;
}

/** The desired bonds of a `hostBonds` deployment (by id, const name or score name), problems as values. */
export function desiredBonds(model: TopologyModel, deploymentName: string): BondDeployment {
  const problems: BondProblem[] = [];
  const empty = (message: string): BondDeployment => ({
    deployment: deploymentName,
    topology: "",
    cluster: "",
    score: "",
    settings: { bond: DEFAULT_BOND, mode: DEFAULT_MODE, miimon: DEFAULT_MIIMON },
    hosts: [],
    problems: [{ severity: "error", message }],
  });
  const deployment = findDeployment(model, deploymentName);
  const candidates = bondDeployments(model).map((d) => d.id);
  if (!deployment) {
    return empty(`no deployment "${deploymentName}" in ${model.file}; hostBonds deployments there: ${candidates.join(", ") || "none"}`);
  }
  const score = model.scores.find((s) => s.id === deployment.score);
  const topology = model.topologies.find((t) => t.id === deployment.topology);
  if (!score || score.kind !== "hostBonds") {
    return empty(`deployment "${deployment.id}" does not deploy a hostBonds score; hostBonds deployments: ${candidates.join(", ") || "none"}`);
  }
  if (!topology) return empty(`the topology of deployment "${deployment.id}" cannot be resolved`);

  const settings = readSettings(score, problems);
  const hosts = selectHosts(score, topology, readHosts(topology, problems), problems);
  const bonds: HostBond[] = [];
  for (const h of hosts) {
    problems.push(...h.problems);
    if (h.nics.length === 0) continue;
    const state = desiredHostState(h.name, h.nics.map((n) => n.name), settings);
    bonds.push({
      host: h.name,
      node: h.node,
      bond: settings.bond,
      nics: h.nics,
      state,
      policy: bondPolicy(score.name, h.name, h.node, settings.bond, state),
    });
  }
  const context = topology.spec.context;
  return {
    deployment: deployment.id,
    topology: topology.id,
    cluster: topology.name,
    context: typeof context === "string" && context ? context : undefined,
    score: score.name,
    settings,
    hosts: bonds,
    problems,
  };
}

/**
 * The NodeNetworkConfigurationPolicies (nmstate.io/v1, one per host) that deploy a `hostBonds`
 * deployment; the deploy planner's entry point. Errors come back as problems, never thrown.
 */
export function desiredPolicies(
  model: TopologyModel,
  deploymentName: string,
): { policies: NodeNetworkConfigurationPolicy[]; problems: BondProblem[] } {
  const d = desiredBonds(model, deploymentName);
  return { policies: d.hosts.map((h) => h.policy), problems: d.problems };
}
