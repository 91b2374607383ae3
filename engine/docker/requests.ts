// Every Docker API request to a host ends: answered, cancelled, or past its timeout. A stalled
// engine or an SSH channel that never answers would otherwise hold a deploy forever, since neither
// the HTTP client nor the SSH channel has a timeout of its own here. Bound at the one place every
// request passes (docker-modem's `dial`), so no call site can forget it.
import type Docker from "dockerode";
import { onAbort } from "../deploy/abort";

/** Default for a single request; a stop waits up to 10 s for the container, a start a few. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** A request the host did not answer in time: names the host and what was asked. */
export class RequestTimeout extends Error {
  constructor(
    readonly host: string,
    readonly operation: string,
    readonly timeoutMs: number,
  ) {
    super(`${host} did not answer "${operation}" within ${formatSeconds(timeoutMs)}: its Docker engine or the SSH channel to it stalled`);
    this.name = "RequestTimeout";
  }
}

const formatSeconds = (ms: number) => `${ms % 1000 ? (ms / 1000).toFixed(1) : ms / 1000} s`;

/** `inspect container web`, `start container 3f2a…`, `pull image`: what a request asks, in words. */
export function describeRequest(method: string, path: string): string {
  const [route] = path.replace(/^\/v[\d.]+/, "").split("?");
  const parts = route.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts[0] === "containers" && parts[1] === "create") return "create container";
  if (parts[0] === "images" && parts[1] === "create") return "pull image";
  if ((parts[0] === "containers" || parts[0] === "images") && parts.length >= 2) {
    const what = parts[0].slice(0, -1);
    const action = parts[2] === "json" || parts.length === 2 ? (method === "DELETE" ? "remove" : "inspect") : parts[2];
    return `${action} ${what} ${parts[1].slice(0, 40)}`;
  }
  return `${method} ${route}`;
}

interface DialOptions {
  method: string;
  path: string;
  abortSignal?: AbortSignal;
  isStream?: boolean;
}
type Dial = (options: DialOptions, callback: (err: unknown, data: unknown) => void) => void;

/**
 * Gives each request of `docker` a timeout of `timeoutMs` (streams: until their response starts)
 * and keeps it tied to the caller's abort signal; a timeout fails with a `RequestTimeout`.
 */
export function boundRequests(docker: Docker, host: string, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): void {
  const modem = docker.modem as { dial: Dial };
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    const controller = new AbortController();
    const parent = options.abortSignal;
    // One listener on the caller's signal per signal (onAbort), not one per request.
    const off = onAbort(parent, () => controller.abort());
    if (parent?.aborted) controller.abort();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    dial({ ...options, abortSignal: controller.signal }, (err, data) => {
      clearTimeout(timer);
      if (err || !options.isStream) off();
      else (data as NodeJS.ReadableStream).once?.("close", off);
      if (err && timedOut) return callback(new RequestTimeout(host, describeRequest(options.method, options.path), timeoutMs), data);
      callback(err, data);
    });
  };
}
