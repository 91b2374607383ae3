// Every Docker API request to a host ends: answered, cancelled, or past its timeout. A stalled
// engine or an SSH channel that never answers would otherwise hold a deploy forever, since neither
// the HTTP client nor the SSH channel has a timeout of its own here. The clock runs from the moment
// a request has its channel (not while it waits for one behind a long pull) until the engine's
// answer starts: the engine answers a create, start or stop once it is done, and a pull's answer
// is its progress, which may rightly take minutes.
import type { ClientRequest } from "node:http";
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

/** Fails `req` with a `RequestTimeout` when `timeoutMs` pass between its getting a channel and its answer starting. */
export function boundRequest(req: ClientRequest, host: string, timeoutMs = DEFAULT_REQUEST_TIMEOUT_MS): void {
  req.once("socket", () => {
    const timer = setTimeout(() => req.destroy(new RequestTimeout(host, describeRequest(req.method, req.path), timeoutMs)), timeoutMs);
    const stop = () => clearTimeout(timer);
    req.once("response", stop);
    req.once("close", stop);
  });
}

interface DialOptions {
  abortSignal?: AbortSignal;
  isStream?: boolean;
}
type Dial = (options: DialOptions, callback: (err: unknown, data: unknown) => void) => void;

/**
 * Ties each request of `docker` to its caller's abort signal through one listener per signal
 * (a deploy shares one signal across hundreds of requests; one listener each would trip Node's
 * MaxListenersExceededWarning). A stream stays tied until it closes.
 */
export function tieToCallerSignal(docker: Docker): void {
  const modem = docker.modem as unknown as { dial: Dial };
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    const parent = options.abortSignal;
    if (!parent) return dial(options, callback);
    const controller = new AbortController();
    const off = onAbort(parent, () => controller.abort());
    if (parent.aborted) controller.abort();
    dial({ ...options, abortSignal: controller.signal }, (err, data) => {
      if (err || !options.isStream) off();
      else (data as NodeJS.ReadableStream).once?.("close", off);
      callback(err, data);
    });
  };
}
