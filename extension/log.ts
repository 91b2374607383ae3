// The Harmony log redacts every line: deploy progress, server answers and kubeconfig errors all
// pass through it, and a secret in any of them must not land in a log a user shares.
import type * as vscode from "vscode";
import { redact } from "../shared/redact";

const WRITERS = new Set(["trace", "debug", "info", "warn", "error", "append", "appendLine", "replace"]);

const clean = (v: unknown): unknown => (typeof v === "string" ? redact(v) : v instanceof Error ? redact(v.message) : v);

/** The channel, with every message and argument redacted on the way in. */
export function redactingLog(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  return new Proxy(channel, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== "function") return value;
      if (typeof prop === "string" && WRITERS.has(prop)) return (...args: unknown[]) => value.apply(target, args.map(clean));
      return value.bind(target);
    },
  });
}
