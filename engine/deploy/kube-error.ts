// What can go wrong talking to an API server, as values a summary can explain: the server's own
// Status (conflicts and owners included), or a network failure named by host and port, with
// whether the request had been sent. Messages are redacted: they may quote configuration.
import { redact } from "../../shared/redact";

/** One field another manager owns, from a 409 apply conflict. */
export interface FieldConflict {
  field: string;
  manager: string;
}

/** A failed request, with what the API server said. */
export class KubeError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly reason?: string,
    readonly conflicts: FieldConflict[] = [],
    /** A network error code (ECONNREFUSED…) when the request never got an answer. */
    readonly network?: string,
    /**
     * For a request that got no answer: `unsent` when it never reached the server (refused, or
     * not attempted because the server was already gone), `unknown` when it was sent and the
     * server may or may not have acted on it.
     */
    readonly delivery?: "unsent" | "unknown",
  ) {
    // What a server or the client library says can quote the kubeconfig or the request.
    super(redact(message));
  }
}

export function networkCode(e: unknown): string | undefined {
  let c: any = e;
  for (let i = 0; c && i < 5; i++, c = c.cause) {
    if (typeof c.code === "string" && /^(E[A-Z]+|UND_ERR_[A-Z_]+|HARMONY_REQUEST_TIMEOUT)$/.test(c.code)) return c.code;
  }
  return undefined;
}

/** What a network failure means, naming the host and port: "connection to 10.0.0.1:6443 refused". */
export function describeNetworkFailure(server: string, code: string, timeoutMs?: number): string {
  let where = server;
  try {
    const u = new URL(server);
    where = `${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "80")}`;
  } catch {
    // Not a URL: name it as written.
  }
  switch (code) {
    case "ECONNREFUSED":
      return `connection to ${where} refused (ECONNREFUSED)`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot resolve the host of ${where} (${code})`;
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
      return `connecting to ${where} timed out (${code})`;
    case "HARMONY_REQUEST_TIMEOUT":
      return `${where} did not answer within ${(timeoutMs ?? 0) < 1000 ? `${timeoutMs} ms` : `${Math.round((timeoutMs ?? 0) / 1000)} s`}`;
    case "ECONNRESET":
    case "EPIPE":
    case "UND_ERR_SOCKET":
      return `${where} closed the connection (${code})`;
    default:
      return `cannot reach ${where} (${code})`;
  }
}

/** Errors that mean the server did not answer; the others (TLS, bad URL) will not heal on retry. */
export const NO_ANSWER = new Set([...["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "EHOSTUNREACH", "ENETUNREACH"], "HARMONY_REQUEST_TIMEOUT"]);

/** A request that got no answer: whether it was written out before the connection failed. */
export class NoAnswer extends Error {
  constructor(
    original: unknown,
    readonly code: string,
    readonly sent: boolean,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

/** The error of a non-2xx answer: the Status message, and for apply conflicts the fields and owners. */
export function statusError(status: number, body: any, what: string): KubeError {
  const message = typeof body?.message === "string" ? body.message : `${what}: HTTP ${status}`;
  const conflicts: FieldConflict[] = [];
  if (status === 409) {
    for (const cause of body?.details?.causes ?? []) {
      if (cause?.reason !== "FieldManagerConflict" && cause?.type !== "FieldManagerConflict") continue;
      const m = /conflict with "([^"]+)"/.exec(cause.message ?? "");
      conflicts.push({ field: cause.field ?? "", manager: m ? m[1] : "another manager" });
    }
    // Older servers put the conflicts in the message only: `conflict with "kubectl": .spec.replicas`.
    if (!conflicts.length) {
      for (const m of message.matchAll(/conflict with "([^"]+)"(?: using [^:]+)?: ([^\n,]+)/g)) conflicts.push({ field: m[2].trim(), manager: m[1] });
    }
  }
  return new KubeError(message, status, body?.reason, conflicts);
}
