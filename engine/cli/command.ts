/** What a CLI command prints and returns; the host turns it into stdout and an exit code. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Exit codes shared by every command: 0 ok, 1 findings (errors, changes), 2 usage or internal failure. */
export const Exit = { Ok: 0, Findings: 1, Failure: 2 } as const;

export interface CliCommand {
  name: string;
  /** One line, shown by `harmony help`. */
  summary: string;
  /** Full usage text. */
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/** A usage mistake: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}
