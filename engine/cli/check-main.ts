// `harmony check` on its own: TypeScript and the analyzer, without the Kubernetes client and the
// deploy engines the other commands bring, so a check starts as fast as `tsc` does.
import { check } from "./commands/check";
import { runCommand, runInProcess } from "./run";

/** Runs `harmony check` on this process's arguments (the first one being `check`). */
export function main(): void {
  runInProcess((argv, io) => runCommand(check, argv.slice(1), io));
}
