// What a `hostBonds` deployment needs before the bond planner can write one policy per host, judged
// from the model alone so the checker says it at edit time (HARMONY1004) in the planner's words:
// settings of the right type, a list of hosts each with a name and NICs, and every host the score
// names present in the topology.
import { excerpt } from "./excerpt";
import { MacAddress } from "./mac";
import { isUnevaluated, type Score, type SpecValue, type Topology } from "./topology";

function describe(v: SpecValue | undefined): string {
  return isUnevaluated(v) ? `cannot be evaluated statically (${v.$unevaluated.slice(0, 200)})` : `is ${excerpt(v)}`;
}

const isRecord = (v: SpecValue | undefined): v is { [key: string]: SpecValue } =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !isUnevaluated(v);

/** The first reason the bond planner cannot plan `score` on `topology`, or undefined when it can. */
export function bondBlocker(score: Score, topology: Topology): string | undefined {
  const { bond, mode, miimon } = score.spec;
  if (bond !== undefined && !(typeof bond === "string" && bond.trim())) {
    return `bond of score "${score.name}" ${describe(bond)}; expected an interface name such as "bond0"`;
  }
  if (mode !== undefined && typeof mode !== "string" && typeof mode !== "number") {
    return `mode of score "${score.name}" ${describe(mode)}; expected a bond mode such as "802.3ad"`;
  }
  const n = typeof miimon === "string" ? Number(miimon) : miimon;
  if (miimon !== undefined && !(typeof n === "number" && Number.isInteger(n) && n >= 0)) {
    return `miimon of score "${score.name}" ${describe(miimon)}; expected milliseconds, e.g. 100`;
  }

  const hosts = topology.spec.hosts;
  if (!Array.isArray(hosts)) return `topology "${topology.name}" (${topology.kind}) has no hosts to bond: hosts ${describe(hosts)}`;
  const names: { name: string; node: string }[] = [];
  for (const [i, h] of hosts.entries()) {
    if (!isRecord(h) || typeof h.name !== "string") return `host ${i + 1} of topology "${topology.name}" ${describe(h)}; expected {name, node?, nics}`;
    names.push({ name: h.name, node: typeof h.node === "string" && h.node ? h.node : h.name });
  }

  const wanted = score.spec.hosts;
  let selected = hosts as { [key: string]: SpecValue }[];
  if (wanted !== undefined) {
    if (!Array.isArray(wanted) || !wanted.every((w) => typeof w === "string")) {
      return `hosts of score "${score.name}" ${describe(wanted)}; expected a list of host names`;
    }
    selected = [];
    for (const name of wanted as string[]) {
      const byName = names.findIndex((h) => h.name === name);
      const i = byName >= 0 ? byName : names.findIndex((h) => h.node === name);
      if (i < 0) {
        return `score "${score.name}" bonds host "${name}", which topology "${topology.name}" does not have; its hosts: ${names.map((h) => h.name).join(", ") || "none"}`;
      }
      selected.push(hosts[i] as { [key: string]: SpecValue });
    }
  }
  if (selected.length === 0) {
    return wanted === undefined
      ? `topology "${topology.name}" has no hosts to bond: its hosts list is empty`
      : `score "${score.name}" bonds no host: its hosts list is empty`;
  }

  for (const h of selected) {
    const host = h.name as string;
    if (h.node !== undefined && typeof h.node !== "string") return `node of host "${host}" ${describe(h.node)}`;
    if (!Array.isArray(h.nics)) return `nics of host "${host}" ${describe(h.nics)}; expected a list of {name, mac}`;
    if (h.nics.length === 0) return `host "${host}" has no NICs to bond`;
    for (const [j, nic] of h.nics.entries()) {
      if (!isRecord(nic) || typeof nic.name !== "string") return `NIC ${j + 1} of host "${host}" ${describe(nic)}; expected {name, mac}`;
      if (nic.mac !== undefined && typeof nic.mac !== "string") return `mac of NIC ${nic.name} of host "${host}" ${describe(nic.mac)}`;
      const mac = typeof nic.mac === "string" ? MacAddress.tryParse(nic.mac) : undefined;
      if (mac && !mac.ok) return `NIC ${nic.name} of host "${host}": ${mac.message}`;
    }
  }
  return undefined;
}
