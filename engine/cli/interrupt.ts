// Ctrl-C in a command that acts on the world cancels it (the engines stop at the next safe point
// and say what was done) instead of killing the process halfway through a request.
import type { CliIO } from "./command";

/** An abort signal that Ctrl-C fires, saying so; `dispose` when the command is done. */
export function cancelOnInterrupt(io: CliIO): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSigint = () => {
    io.err("cancelling…");
    controller.abort();
  };
  process.once("SIGINT", onSigint);
  return { signal: controller.signal, dispose: () => process.removeListener("SIGINT", onSigint) };
}
