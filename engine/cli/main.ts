import { Exit, UsageError, type CliIO } from "./command";
import { allCommands, loadCommand } from "./commands";

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
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(command.usage);
    return Exit.Ok;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`harmony ${command.name}: ${e.message}\n\n${command.usage}`);
    } else {
      io.err(`harmony ${command.name}: ${e instanceof Error ? e.message : String(e)}`);
      if (process.env.HARMONY_DEBUG) io.err(String((e as Error)?.stack ?? ""));
    }
    return Exit.Failure;
  }
}

/** Runs the CLI on this process's arguments and sets its exit code. */
export function main(): void {
  const io: CliIO = {
    out: (t) => process.stdout.write(t.endsWith("\n") ? t : t + "\n"),
    err: (t) => process.stderr.write(t.endsWith("\n") ? t : t + "\n"),
    cwd: process.cwd(),
    env: process.env,
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`harmony: internal error: ${e}\n`);
      process.exitCode = Exit.Failure;
    },
  );
}

if (require.main === module) main();
