// `harmony plan`: the steps and objects a deployment would apply, as YAML or JSON. Offline.
import { isAbsolute, resolve } from "node:path";
import { planAnyDeployment, planToJson, planToYaml, type DeployPlan } from "../../deploy";
import { Exit, UsageError, type CliCommand, type CliIO } from "../command";
import { loadTopologyModel } from "./bonds";

const usage = `Usage: harmony plan FILE --deployment NAME [--format yaml|json]

Prints what deploying NAME would do, step by step, with the objects each step applies. Needs no
cluster. Secret data is redacted.

  FILE               a topology file (*.topology.ts), or a TopologyModel as JSON
  --deployment NAME  the deployment's const name
  --format FORMAT    yaml (default), or json: {"deployment", "steps":[{"action", "target", "description", "objects":[...]}]}
                     where target is {"context","namespace"} for clusters and {"host","address","port","user"}
                     for Linux hosts (objects of kind Container)

Exit status: 0 planned, 2 no plan (the reason is printed) or usage error.`;

/** Options shared by plan and deploy: `--name value` or `--name=value`, flags, one FILE. */
export function parseOptions(args: string[], valued: string[], flags: string[]): { file: string; values: Map<string, string>; flags: Set<string> } {
  const values = new Map<string, string>();
  const set = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (valued.includes(flag)) {
      const v = eq > 0 ? arg.slice(eq + 1) : args[++i];
      if (v === undefined || (eq < 0 && v.startsWith("--"))) throw new UsageError(`${flag} needs a value`);
      values.set(flag, v);
    } else if (flags.includes(flag)) set.add(flag);
    else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  if (positional.length !== 1) throw new UsageError(positional.length ? `one FILE, not ${positional.length}: ${positional.join(" ")}` : "FILE is missing");
  return { file: positional[0], values, flags: set };
}

/** FILE -> model -> plan of `--deployment`; prints why when there is none. */
export async function planFromFile(file: string, deployment: string | undefined, io: CliIO, command: string): Promise<DeployPlan | undefined> {
  const path = isAbsolute(file) ? file : resolve(io.cwd, file);
  const loaded = await loadTopologyModel(path);
  if (!loaded.ok) {
    io.err(`harmony ${command}: ${loaded.error}`);
    return undefined;
  }
  if (!deployment) {
    const names = loaded.model.deployments.map((d) => d.constName ?? d.id);
    throw new UsageError(`--deployment NAME is missing; deployments in ${file}: ${names.join(", ") || "none"}`);
  }
  const result = planAnyDeployment(loaded.model, deployment, loaded.errors);
  if (!result.ok) {
    io.err(`harmony ${command}: ${result.error}`);
    return undefined;
  }
  return result.plan;
}

async function run(args: string[], io: CliIO): Promise<number> {
  const opts = parseOptions(args, ["--deployment", "--format"], []);
  const format = opts.values.get("--format") ?? "yaml";
  if (format !== "yaml" && format !== "json") throw new UsageError(`--format is yaml or json, not "${format}"`);
  const plan = await planFromFile(opts.file, opts.values.get("--deployment"), io, "plan");
  if (!plan) return Exit.Failure;
  io.out(format === "json" ? planToJson(plan) : planToYaml(plan));
  return Exit.Ok;
}

export const plan: CliCommand = {
  name: "plan",
  summary: "Print the deploy plan of a deployment (steps and objects), offline",
  usage,
  run,
};
