import { Exit, UsageError, type CliCommand, type CliIO } from "./command";

/** Runs one command: its usage on --help, a usage mistake with the usage, any other failure as one line. */
export async function runCommand(command: CliCommand, args: string[], io: CliIO): Promise<number> {
  if (args.includes("--help") || args.includes("-h")) {
    io.out(command.usage);
    return Exit.Ok;
  }
  try {
    return await command.run(args, io);
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

/** Runs `cli` on this process's arguments and standard streams, and sets its exit code. */
export function runInProcess(cli: (argv: string[], io: CliIO) => Promise<number>): void {
  const io: CliIO = {
    out: (t) => process.stdout.write(t.endsWith("\n") ? t : t + "\n"),
    err: (t) => process.stderr.write(t.endsWith("\n") ? t : t + "\n"),
    cwd: process.cwd(),
    env: process.env,
  };
  cli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`harmony: internal error: ${e}\n`);
      process.exitCode = Exit.Failure;
    },
  );
}
