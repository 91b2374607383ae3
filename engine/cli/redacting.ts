// Commands that read a kubeconfig or talk to a cluster print through this: whatever the
// configuration, the server or a plugin puts in a message, its secrets do not reach the terminal.
import { redact } from "../../shared/redact";
import type { CliIO } from "./command";

/** `io` with stdout and stderr redacted. */
export function redactingIO(io: CliIO): CliIO {
  return { ...io, out: (t) => io.out(redact(t)), err: (t) => io.err(redact(t)) };
}
