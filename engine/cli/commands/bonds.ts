// `harmony bonds`: what a hostBonds deployment would change on each node, as diffs, YAML or JSON;
// with --apply, applies it and follows nmstate until the nodes settle.
import { isAbsolute, relative, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { analyzeFiles } from "../../../language/analyzer";
import { readInputFile } from "../../../language/input-file";
import type { NodeNetworkState, TopologyDiagnostic, TopologyModel } from "../../../shared/model";
import {
  bondDeployments,
  desiredBonds,
  diffBonds,
  hasErrors,
  readNodeNetworkStates,
  unifiedBondDiff,
  type BondDiffReport,
  type BondProblem,
  type NodeNetworkStatesRead,
} from "../../bonds";
import { modelSchema } from "../../../shared/protocol/webview";
import { describeIssues } from "../../../shared/protocol/issues";
import { fetchNodeNetworkStates } from "../../bonds/cluster";
import { Exit, UsageError, type CliCommand, type CliIO } from "../command";
import { applyBondDiff } from "./bonds-apply";
import { parseDuration } from "../duration";
import { redactingIO } from "../redacting";

/** A model written as JSON: the file and the capability list may be left out. */
const jsonModelSchema = modelSchema.extend({ file: modelSchema.shape.file.optional(), capabilities: modelSchema.shape.capabilities.optional() });

const FORMATS = ["diff", "yaml", "json"] as const;
type Format = (typeof FORMATS)[number];

interface BondsArgs {
  file: string;
  deployment?: string;
  states: string[];
  kubeconfig?: string;
  requestTimeoutMs?: number;
  format: Format;
  apply: boolean;
  yes: boolean;
  allowLockoutRisk: boolean;
  followTimeoutMs?: number;
}

const usage = `Usage: harmony bonds FILE [--deployment NAME] (--state NNS.yaml ... | --kubeconfig PATH [--request-timeout DURATION]) [--format diff|yaml|json]
       harmony bonds FILE [--deployment NAME] --kubeconfig PATH --apply [--yes] [--allow-lockout-risk] [--follow-timeout DURATION]

Shows what a hostBonds deployment of FILE would change on each node: the desired bond against the
node's NodeNetworkState, compared only on what the desired state sets.

  FILE                 a topology file (*.topology.ts), or a TopologyModel as JSON
  --deployment NAME    the hostBonds deployment (const name or score name); needed when FILE has several
  --state NNS.yaml ... NodeNetworkState files (single objects, Lists, multi-document), e.g. from
                       \`kubectl get nns -o yaml\`
  --kubeconfig PATH    read NodeNetworkStates from the cluster instead, with the topology's context
                       ("" means KUBECONFIG, all its paths merged, else ~/.kube/config)
  --request-timeout DURATION  give up on the cluster after this long (default 30s)
  --format FORMAT      diff (default): a unified diff per changed host
                       yaml: one document per host with its current and desired state
                       json: {"hosts":[{"host","node","changed","current","desired","problems"}]}
  --apply              then server-side apply the changed hosts' NodeNetworkConfigurationPolicies
                       and follow nmstate on each node until it settles (Available, Failing, Aborted)
  --yes                do not ask before applying
  --allow-lockout-risk apply even when a bond takes the NIC a node reaches the cluster through
                       (HARMONY1301: its default route, its InternalIP, or its only link up)
  --follow-timeout DURATION  stop following after this long (default 5m); Ctrl-C stops following,
                       never the apply

The diff also warns (HARMONY1301) when a bond may cut a node off.

Exit status: 0 nothing changes, 1 something changes, 2 errors (a host with no NodeNetworkState included).
With --apply: 0 every node took its bond, 1 a node failed, did not settle in time, or following was
stopped, 2 errors or nothing applied.`;

function parseArgs(args: string[]): BondsArgs {
  const out: Partial<BondsArgs> & { states: string[] } = { states: [] };
  const positional: string[] = [];
  let sawState = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || (inline === undefined && v.startsWith("--"))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--deployment":
        out.deployment = value();
        break;
      case "--kubeconfig":
        out.kubeconfig = value();
        break;
      case "--request-timeout":
        out.requestTimeoutMs = parseDuration(flag, value());
        break;
      case "--follow-timeout":
        out.followTimeoutMs = parseDuration(flag, value());
        break;
      case "--apply":
      case "--yes":
      case "--allow-lockout-risk":
        if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
        out[flag === "--apply" ? "apply" : flag === "--yes" ? "yes" : "allowLockoutRisk"] = true;
        break;
      case "--format": {
        const f = value();
        if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(`--format is one of ${FORMATS.join(", ")}, not "${f}"`);
        out.format = f as Format;
        break;
      }
      case "--state":
        sawState = true;
        out.states.push(value());
        // `--state a.yaml b.yaml`: the files run up to the next option.
        while (inline === undefined && i + 1 < args.length && !args[i + 1].startsWith("--")) out.states.push(args[++i]);
        break;
      default:
        if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
        positional.push(arg);
    }
  }
  if (positional.length !== 1) throw new UsageError(positional.length ? `one FILE, not ${positional.length}: ${positional.join(" ")}` : "FILE is missing");
  if (sawState && out.kubeconfig !== undefined) throw new UsageError("--state and --kubeconfig exclude each other");
  if (!sawState && out.kubeconfig === undefined) throw new UsageError("say where the current state comes from: --state NNS.yaml ... or --kubeconfig PATH");
  if (out.apply && out.kubeconfig === undefined) throw new UsageError("--apply needs --kubeconfig: the current state must come from the cluster it applies to");
  for (const [flag, set] of [["--yes", out.yes], ["--allow-lockout-risk", out.allowLockoutRisk], ["--follow-timeout", out.followTimeoutMs !== undefined]] as const) {
    if (set && !out.apply) throw new UsageError(`${flag} goes with --apply`);
  }
  return {
    file: positional[0],
    deployment: out.deployment,
    states: out.states,
    kubeconfig: out.kubeconfig,
    requestTimeoutMs: out.requestTimeoutMs,
    format: out.format ?? "diff",
    apply: out.apply ?? false,
    yes: out.yes ?? false,
    allowLockoutRisk: out.allowLockoutRisk ?? false,
    followTimeoutMs: out.followTimeoutMs,
  };
}

type ModelLoad = { ok: true; model: TopologyModel; errors: TopologyDiagnostic[] } | { ok: false; error: string };

/**
 * The one place the CLI turns FILE into a model: a topology file goes through the analyzer (its
 * error diagnostics come back to be reported); a `.json` file is a serialized TopologyModel.
 */
export async function loadTopologyModel(file: string): Promise<ModelLoad> {
  if (file.endsWith(".json")) {
    const read = readInputFile(file);
    if (!read.ok) return read;
    let value: unknown;
    try {
      value = JSON.parse(read.text);
    } catch (e) {
      return { ok: false, error: `${file} is not JSON: ${e instanceof Error ? e.message : String(e)}` };
    }
    const m = jsonModelSchema.safeParse(value);
    if (!m.success) return { ok: false, error: `${file} is not a TopologyModel: ${describeIssues(m.error)}` };
    return { ok: true, model: { ...m.data, capabilities: m.data.capabilities ?? [], file: m.data.file ?? file } as TopologyModel, errors: [] };
  }
  // Why the file cannot be read is the answer, not "no deployment" in an empty model.
  const read = readInputFile(file);
  if (!read.ok) return read;
  const [analysis] = analyzeFiles([file]).values();
  if (!analysis) return { ok: false, error: `${file} could not be analyzed` };
  return { ok: true, model: analysis.model, errors: analysis.diagnostics.filter((d) => d.severity === "error") };
}

function diagnosticLine(d: TopologyDiagnostic, cwd: string): string {
  return `${relative(cwd, d.file) || d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: error ${d.code}: ${d.message}`;
}

async function readStateFiles(files: string[], cwd: string): Promise<NodeNetworkStatesRead> {
  const states: NodeNetworkState[] = [];
  for (const file of files) {
    const input = readInputFile(resolve(cwd, file), { shownAs: file });
    if (!input.ok) return input;
    const read = readNodeNetworkStates(input.text, file);
    if (!read.ok) return read;
    states.push(...read.states);
  }
  return { ok: true, states };
}

function problemLine(p: BondProblem): string {
  return `${p.host ? `${p.host}: ` : ""}${p.severity}${p.code ? ` ${p.code}` : ""}: ${p.message}`;
}

/** Prints the report; problems with a code in `reported` were already said by the analyzer. */
function render(report: BondDiffReport, format: Format, io: CliIO, reported: Set<string>): void {
  if (format === "json") {
    const hosts = report.hosts.map((h) => ({
      host: h.host,
      node: h.node,
      changed: h.changed,
      current: h.current,
      desired: h.desired,
      problems: h.problems,
    }));
    io.out(JSON.stringify({ hosts }, null, 2));
  } else if (format === "yaml") {
    const docs = report.hosts.map(
      (h) =>
        `# ${h.host} (node ${h.node}): ${h.bond} ${h.changed ? "changes" : "unchanged"}\n` +
        stringify(
          {
            host: h.host,
            node: h.node,
            changed: h.changed,
            current: h.current ? parse(h.current) : null,
            desired: parse(h.desired),
            ...(h.problems.length ? { problems: h.problems.map(problemLine) } : {}),
          },
          { lineWidth: 0, indentSeq: true },
        ),
    );
    if (docs.length) io.out(docs.join("---\n"));
  } else {
    const patches = report.hosts.map(unifiedBondDiff).filter((p) => p);
    if (patches.length) io.out(patches.join(""));
    for (const h of report.hosts) {
      if (!h.changed) io.err(`${h.host} (node ${h.node}): ${h.bond} unchanged`);
    }
  }
  const fresh = (p: BondProblem) => !p.code || !reported.has(p.code);
  for (const p of report.problems.filter(fresh)) io.err(problemLine(p));
  for (const h of report.hosts) for (const p of h.problems.filter(fresh)) io.err(problemLine(p));
}

async function run(args: string[], plainIO: CliIO): Promise<number> {
  const opts = parseArgs(args);
  // With --kubeconfig, messages can quote the kubeconfig and the server; state files print as they are.
  const io = opts.kubeconfig !== undefined ? redactingIO(plainIO) : plainIO;
  const at = (p: string) => (isAbsolute(p) ? p : resolve(io.cwd, p));
  const loaded = await loadTopologyModel(at(opts.file));
  if (!loaded.ok) {
    io.err(`harmony bonds: ${loaded.error}`);
    return Exit.Failure;
  }
  const model = loaded.model;
  for (const d of loaded.errors) io.err(diagnosticLine(d, io.cwd));
  let deployment = opts.deployment;
  if (deployment === undefined) {
    const candidates = bondDeployments(model);
    if (candidates.length !== 1) {
      const names = candidates.map((d) => d.id).join(", ");
      io.err(`harmony bonds: ${opts.file} has ${candidates.length ? `several hostBonds deployments (${names}); pick one with --deployment NAME` : "no hostBonds deployment"}`);
      return Exit.Failure;
    }
    deployment = candidates[0].id;
  }
  const wanted = desiredBonds(model, deployment);
  if (hasErrors(wanted.problems) && wanted.hosts.length === 0) {
    for (const p of wanted.problems) io.err(`harmony bonds: ${problemLine(p)}`);
    return Exit.Failure;
  }
  const read =
    opts.kubeconfig !== undefined
      ? await fetchNodeNetworkStates({ kubeconfig: opts.kubeconfig, context: wanted.context, env: io.env, cwd: io.cwd, limits: opts.requestTimeoutMs ? { requestTimeoutMs: opts.requestTimeoutMs } : undefined })
      : await readStateFiles(opts.states, io.cwd);
  if (!read.ok) {
    io.err(`harmony bonds: ${read.error}`);
    return Exit.Failure;
  }
  for (const note of read.notes ?? []) io.err(`harmony bonds: ${note}`);
  const report = diffBonds(model, deployment, read.states, read.nodes);
  render(report, opts.format, io, new Set(loaded.errors.map((d) => d.code)));
  const problems = [...report.problems, ...report.hosts.flatMap((h) => h.problems)];
  if (hasErrors(problems) || loaded.errors.length) {
    if (opts.apply) io.err("harmony bonds: not applying: fix the errors above first");
    return Exit.Failure;
  }
  if (opts.apply) {
    return applyBondDiff(report, wanted, { file: at(opts.file), kubeconfig: opts.kubeconfig!, yes: opts.yes, allowLockoutRisk: opts.allowLockoutRisk, requestTimeoutMs: opts.requestTimeoutMs, followTimeoutMs: opts.followTimeoutMs }, io);
  }
  return report.hosts.some((h) => h.changed) ? Exit.Findings : Exit.Ok;
}

export const bonds: CliCommand = {
  name: "bonds",
  summary: "Diff a hostBonds deployment against the nodes' NodeNetworkStates; --apply applies it and follows nmstate",
  usage,
  run,
};
