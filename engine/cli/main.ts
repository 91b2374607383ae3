import { Exit, type CliIO } from "./command";
import { allCommands, loadCommand } from "./commands";
import { runCommand, runInProcess } from "./run";

const VERSION = "0.1.0";

function help(): string {
  const commands = allCommands();
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "harmony — check, plan and deploy Harmony topology files",
    "",
    "Usage: harmony <command> [options]",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Run `harmony help <command>` for a command's options.",
  ].join("\n");
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    const target = rest[0] ? loadCommand(rest[0]) : undefined;
    io.out(target ? target.usage : help());
    return Exit.Ok;
  }
  if (name === "--version" || name === "-v" || name === "version") {
    io.out(VERSION);
    return Exit.Ok;
  }
  const command = loadCommand(name);
  if (!command) {
    io.err(`harmony: unknown command "${name}"\n\n${help()}`);
    return Exit.Failure;
  }
  return runCommand(command, rest, io);
}

/** Runs the CLI on this process's arguments and sets its exit code. */
export function main(): void {
  runInProcess(runCli);
}

if (require.main === module) main();
