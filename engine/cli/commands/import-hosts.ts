// `harmony import-hosts`: an okdCluster's hosts from its cluster's NodeNetworkStates (physical NICs,
// permanent MACs), as the minimal edit of the topology file, shown as a diff and written on --write.
import { writeFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { createTwoFilesPatch } from "diff";
import { readInputFile } from "../../../language/input-file";
import { applyEdits, planEdits } from "../../../language/edits";
import { hostsFromStates } from "../../bonds/inventory";
import { fetchNodeNetworkStates } from "../../bonds/cluster";
import { Exit, UsageError, type CliCommand, type CliIO } from "../command";
import { parseDuration } from "../duration";
import { redactingIO } from "../redacting";
import { loadTopologyModel } from "./bonds";
import { parseOptions } from "./plan";

const usage = `Usage: harmony import-hosts FILE --topology NAME [--kubeconfig PATH] [--request-timeout DURATION] [--write]

Reads the NodeNetworkStates of the okdCluster NAME's cluster (its context) and writes each node
with its physical NICs — name, and the permanent MAC where the node reports one — into the
topology's \`hosts\`. Loopback, bridges, veths, VLANs, existing bonds, OVS and tunnels are left
out. Hosts already there (same node, else same name) are updated in place; nothing is removed;
comments and other fields are kept. Prints the change as a unified diff.

  FILE               a topology file (*.topology.ts)
  --topology NAME    the okdCluster: its const name or its name
  --kubeconfig PATH  default: KUBECONFIG (every path, merged as kubectl does), else ~/.kube/config
  --request-timeout DURATION  give up on the cluster after this long (default 30s)
  --write            write the change to FILE (without it, FILE is left as it is)

Exit status: 0 written or nothing to change, 1 a change was shown but not written, 2 errors.`;

async function run(args: string[], plainIO: CliIO): Promise<number> {
  const io = redactingIO(plainIO);
  const opts = parseOptions(args, ["--topology", "--kubeconfig", "--request-timeout"], ["--write"]);
  const name = opts.values.get("--topology");
  if (!name) throw new UsageError("--topology NAME is missing: the okdCluster to write the hosts into");
  const path = isAbsolute(opts.file) ? opts.file : resolve(io.cwd, opts.file);
  const shown = relative(io.cwd, path) || path;
  const loaded = await loadTopologyModel(path);
  if (!loaded.ok) {
    io.err(`harmony import-hosts: ${loaded.error}`);
    return Exit.Failure;
  }
  const clusters = loaded.model.topologies.filter((t) => t.kind === "okdCluster" && !t.external);
  const topology = clusters.find((t) => t.constName === name || t.id === name) ?? clusters.find((t) => t.name === name);
  if (!topology) {
    io.err(`harmony import-hosts: no okdCluster "${name}" in ${shown}; okdClusters there: ${clusters.map((t) => t.constName ?? t.id).join(", ") || "none"}`);
    return Exit.Failure;
  }
  const context = typeof topology.spec.context === "string" && topology.spec.context ? topology.spec.context : undefined;
  const timeout = opts.values.get("--request-timeout");
  const read = await fetchNodeNetworkStates({
    kubeconfig: opts.values.get("--kubeconfig"),
    context,
    env: io.env,
    cwd: io.cwd,
    limits: timeout ? { requestTimeoutMs: parseDuration("--request-timeout", timeout) } : undefined,
  });
  if (!read.ok) {
    io.err(`harmony import-hosts: ${read.error}`);
    return Exit.Failure;
  }
  const hosts = hostsFromStates(read.states);
  if (hosts.length === 0) {
    io.err(`harmony import-hosts: the cluster${context ? ` of context ${context}` : ""} has no NodeNetworkState; is kubernetes-nmstate installed there?`);
    return Exit.Failure;
  }
  const input = readInputFile(path, { shownAs: shown });
  if (!input.ok) {
    io.err(`harmony import-hosts: ${input.error}`);
    return Exit.Failure;
  }
  const plan = planEdits(input.text, { kind: "importHosts", topologyId: topology.id, hosts }, path);
  if (!plan.ok) {
    io.err(`harmony import-hosts: ${plan.message}`);
    return Exit.Failure;
  }
  const summary = hosts.map((h) => `${h.name} (${h.nics.length} NIC${h.nics.length === 1 ? "" : "s"})`).join(", ");
  if (plan.edits.length === 0) {
    io.err(`${shown}: the hosts of ${topology.constName ?? topology.id} already match the cluster: ${summary}`);
    return Exit.Ok;
  }
  const after = applyEdits(input.text, plan.edits);
  io.out(createTwoFilesPatch(shown, shown, input.text, after, undefined, undefined, { context: 3 }).replace(/^=+\n/, ""));
  if (!opts.flags.has("--write")) {
    io.err(`${shown}: not written (pass --write to write it); hosts read: ${summary}`);
    return Exit.Findings;
  }
  try {
    writeFileSync(path, after);
  } catch (e) {
    io.err(`harmony import-hosts: cannot write ${shown}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    return Exit.Failure;
  }
  io.err(`${shown}: wrote the hosts of ${topology.constName ?? topology.id}: ${summary}`);
  return Exit.Ok;
}

export const importHosts: CliCommand = {
  name: "import-hosts",
  summary: "Write an okdCluster's hosts and NICs from its cluster's NodeNetworkStates",
  usage,
  run,
};
