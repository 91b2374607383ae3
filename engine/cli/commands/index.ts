import type { CliCommand } from "../command";

/**
 * Every CLI command, each in its own file beside this one. A command's module is loaded only
 * when it runs, so `check` does not pay for the Kubernetes client nor `--version` for TypeScript.
 */
const loaders: Record<string, () => CliCommand> = {
  check: () => require("./check").check,
  plan: () => require("./plan").plan,
  deploy: () => require("./deploy").deploy,
  bonds: () => require("./bonds").bonds,
  "import-hosts": () => require("./import-hosts").importHosts,
  diagram: () => require("./diagram").diagram,
  switchover: () => require("./switchover").switchover,
};

export const commandNames = Object.keys(loaders);

/** The command called `name`, or undefined. */
export function loadCommand(name: string): CliCommand | undefined {
  return Object.hasOwn(loaders, name) ? loaders[name]() : undefined;
}

/** Every command, for `harmony help`. */
export function allCommands(): CliCommand[] {
  return commandNames.map((n) => loaders[n]());
}
