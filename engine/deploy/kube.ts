// Kube access for deploys and bond reads: one REST client per context (kept-alive
// connections, discovery cache, retries with backoff, abortable requests), server-side apply.
// Every request is bounded by a timeout, and a server that stops answering is given up on once
// for all its contexts (a circuit breaker), so a dead server costs seconds, not a retry per object.
// Credentials stay inside this file: nothing here logs headers, tokens or certificates.
import * as http from "node:http";
import * as https from "node:https";
import { abortError, isAbort, onAbort, sleep } from "./abort";
import { redact } from "../../shared/redact";
import { KubeError, NO_ANSWER, NoAnswer, describeNetworkFailure, networkCode, statusError } from "./kube-error";
import { loadKubeconfig, type K8s, type KubeConfig } from "../kube/kubeconfig";
import type { KubeObject } from "./plan";

export const FIELD_MANAGER = "harmony";

export { isAbort, sleep } from "./abort";
export { KubeError, describeNetworkFailure, type FieldConflict } from "./kube-error";

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
}
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 200, maxMs: 3000 };

/** Bounds on talking to one API server. */
export interface RequestLimits {
  /** One request, from connecting to the last byte of the answer. */
  requestTimeoutMs: number;
  /**
   * Requests in a row that got no answer, across the client, after which the server counts as
   * gone: every later request fails at once, unsent, instead of retrying on its own.
   */
  breakAfter: number;
}
export const DEFAULT_LIMITS: RequestLimits = { requestTimeoutMs: 30_000, breakAfter: 8 };

const RETRIED_STATUS = new Set([429, 500, 502, 503, 504]);
const RETRIED_NETWORK = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "EAI_AGAIN"]);

interface ApiResource {
  name: string;
  namespaced: boolean;
  kind: string;
}

export interface RequestOptions {
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

/** What a client knows of its server: requests in a row with no answer, and whether it is gone. */
interface ServerHealth {
  failuresInRow: number;
  /** Why the server counts as gone; set once, never cleared for this opened kubeconfig. */
  gone?: string;
}

/** A REST client for one kubeconfig context. */
export class ContextClient {
  private readonly discovery = new Map<string, Promise<ApiResource[]>>();
  private pool: http.Agent | undefined;
  private headers: Record<string, string> | undefined;
  private auth: string | undefined;
  private headersAt = 0;
  /** Requests retried so far, for summaries and benchmarks. */
  retries = 0;
  /** Requests sent so far (attempts, retries included), for tests and benchmarks. */
  sent = 0;

  constructor(
    private readonly kc: KubeConfig,
    readonly context: string,
    readonly server: string,
    /** The context's namespace, else `default`. */
    readonly defaultNamespace: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly limits: RequestLimits = DEFAULT_LIMITS,
    /** Shared by every context on the same server: one server gone is gone for all of them. */
    private readonly health: ServerHealth = { failuresInRow: 0 },
  ) {}

  /** Why the server counts as gone, once it stopped answering: later requests are not sent. */
  get unreachable(): string | undefined {
    return this.health.gone;
  }

  /**
   * TLS material and authentication headers from the kubeconfig, and one keep-alive connection
   * pool; headers refreshed every minute (exec and OIDC tokens expire).
   */
  private async transport(): Promise<{ agent: http.Agent; headers: Record<string, string>; auth?: string }> {
    if (!this.pool || Date.now() - this.headersAt > 60_000) {
      const opts: https.RequestOptions & { headers?: Record<string, string> } = {};
      await this.kc.applyToHTTPSOptions(opts);
      this.headers = { ...(opts.headers ?? {}) };
      this.auth = typeof opts.auth === "string" ? opts.auth : undefined;
      this.headersAt = Date.now();
      this.pool ??= this.server.startsWith("https:")
        ? new https.Agent({
            keepAlive: true,
            maxSockets: 32,
            ca: opts.ca,
            cert: opts.cert,
            key: opts.key,
            pfx: opts.pfx,
            passphrase: opts.passphrase,
            servername: opts.servername,
            ...(opts.rejectUnauthorized !== undefined ? { rejectUnauthorized: opts.rejectUnauthorized } : {}),
          })
        : new http.Agent({ keepAlive: true, maxSockets: 32 });
    }
    return { agent: this.pool, headers: this.headers!, auth: this.auth };
  }

  private async once(method: string, path: string, opts: RequestOptions): Promise<{ status: number; body: any }> {
    const url = new URL(path, this.server.endsWith("/") ? this.server : this.server + "/");
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const { agent, headers, auth } = await this.transport();
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const lib = url.protocol === "https:" ? https : http;
    this.sent++;
    return new Promise((resolve, reject) => {
      let sent = false;
      let settled = false;
      const finish = (f: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        offAbort();
        f();
      };
      const fail = (e: unknown) => {
        const code = networkCode(e);
        finish(() => reject(code ? new NoAnswer(e, code, sent) : e));
      };
      const req = lib.request(
        url,
        {
          method,
          agent,
          auth,
          headers: {
            ...headers,
            Accept: "application/json",
            ...(payload !== undefined ? { "Content-Type": opts.contentType ?? "application/json", "Content-Length": Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", fail);
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let body: any;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              body = text;
            }
            finish(() => resolve({ status: res.statusCode ?? 0, body }));
          });
        },
      );
      // Through onAbort: a shared signal gets one listener, however many requests are in flight.
      let offAbort = () => {};
      // A server that accepts the connection and never answers, or freezes mid-answer, is given
      // up on after the request timeout, whatever the socket does.
      const timer = setTimeout(() => {
        const e = Object.assign(new Error("request timed out"), { code: "HARMONY_REQUEST_TIMEOUT" });
        req.destroy(e);
        fail(e);
      }, this.limits.requestTimeoutMs);
      const aborted = () => {
        req.destroy();
        finish(() => reject(abortError()));
      };
      if (opts.signal?.aborted) return aborted();
      offAbort = onAbort(opts.signal, aborted);
      req.on("finish", () => (sent = true));
      req.on("error", fail);
      req.end(payload);
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.pool?.destroy();
    this.pool = undefined;
  }

  /**
   * A request, retried on 429, 5xx and connection failures with exponential backoff. Once the
   * server counts as gone (a request gave up, or `breakAfter` in a row got no answer), requests
   * fail at once without being sent; a timed-out request is not retried.
   */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<any> {
    let wasSent = false;
    let lastWhat = "";
    for (let attempt = 1; ; attempt++) {
      if (opts.signal?.aborted) throw abortError();
      if (this.health.gone) {
        throw new KubeError(`not attempted: ${this.health.gone}`, undefined, undefined, [], "HARMONY_SERVER_GONE", wasSent ? "unknown" : "unsent");
      }
      let failure: KubeError;
      let retryAfterMs: number | undefined;
      try {
        const { status, body } = await this.once(method, path, opts);
        this.health.failuresInRow = 0;
        if (status < 400) return body;
        failure = statusError(status, body, `${method} ${path}`);
        if (status === 429 && typeof body?.details?.retryAfterSeconds === "number") retryAfterMs = body.details.retryAfterSeconds * 1000;
        // Two applies creating the same object at once: the loser's create fails with
        // AlreadyExists; applied again it becomes an update.
        const createRace = method === "PATCH" && status === 409 && body?.reason === "AlreadyExists";
        if (!RETRIED_STATUS.has(status) && !createRace) throw failure;
      } catch (e) {
        if (e instanceof KubeError && !RETRIED_STATUS.has(e.status ?? 0)) throw e;
        if (isAbort(e) || opts.signal?.aborted) throw abortError();
        if (e instanceof KubeError) failure = e;
        else if (e instanceof NoAnswer) {
          wasSent ||= e.sent;
          const what = describeNetworkFailure(this.server, e.code, this.limits.requestTimeoutMs);
          lastWhat = what;
          failure = new KubeError(what, undefined, undefined, [], e.code, wasSent ? "unknown" : "unsent");
          const noAnswer = NO_ANSWER.has(e.code);
          if (noAnswer && ++this.health.failuresInRow >= this.limits.breakAfter) this.health.gone ??= `${this.server} stopped answering: ${what}`;
          if (e.code === "HARMONY_REQUEST_TIMEOUT") this.health.gone ??= `${this.server} stopped answering: ${what}`;
          if (!RETRIED_NETWORK.has(e.code) || this.health.gone) {
            if (noAnswer) this.health.gone ??= `${this.server} stopped answering: ${what}`;
            throw failure;
          }
        } else throw new KubeError(`${method} ${path}: ${e instanceof Error ? e.message : String(e)}`, undefined);
      }
      if (attempt >= this.retry.attempts) {
        failure.message += ` (gave up after ${attempt} attempt${attempt === 1 ? "" : "s"})`;
        if (failure.network && lastWhat) this.health.gone ??= `${this.server} stopped answering: ${lastWhat}`;
        throw failure;
      }
      this.retries++;
      const backoff = Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (attempt - 1));
      await sleep(retryAfterMs ?? backoff * (0.5 + Math.random() / 2), opts.signal);
    }
  }

  private resources(apiVersion: string, signal?: AbortSignal): Promise<ApiResource[]> {
    let p = this.discovery.get(apiVersion);
    if (!p) {
      const path = apiVersion.includes("/") ? `apis/${apiVersion}` : `api/${apiVersion}`;
      p = this.request("GET", path, { signal }).then(
        (list) => (list?.resources ?? []) as ApiResource[],
        (e) => {
          this.discovery.delete(apiVersion);
          if (e instanceof KubeError && e.status === 404) return [];
          throw e;
        },
      );
      this.discovery.set(apiVersion, p);
    }
    return p;
  }

  /** The REST path of an object (or its collection with `name` undefined), found by discovery. */
  async pathOf(apiVersion: string, kind: string, namespace: string | undefined, name?: string, signal?: AbortSignal): Promise<{ path: string; namespaced: boolean }> {
    const resources = await this.resources(apiVersion, signal);
    const r = resources.find((x) => x.kind === kind && !x.name.includes("/"));
    if (!r) {
      const operator: Record<string, string> = {
        "postgresql.cnpg.io": "is the CloudNativePG operator installed?",
        "nmstate.io": "is the kubernetes-nmstate operator installed?",
        "route.openshift.io": "Routes exist on OpenShift/OKD only",
      };
      const group = apiVersion.split("/")[0];
      throw new KubeError(`the cluster of context ${this.context} has no ${apiVersion} ${kind} resource${operator[group] ? `; ${operator[group]}` : ""}`, 404, "NotFound");
    }
    const base = apiVersion.includes("/") ? `apis/${apiVersion}` : `api/${apiVersion}`;
    const ns = r.namespaced ? `/namespaces/${encodeURIComponent(namespace || this.defaultNamespace)}` : "";
    return { path: `${base}${ns}/${r.name}${name ? `/${encodeURIComponent(name)}` : ""}`, namespaced: r.namespaced };
  }

  /** Reads an object; undefined when it does not exist. */
  async get(apiVersion: string, kind: string, namespace: string | undefined, name: string, signal?: AbortSignal): Promise<KubeObject | undefined> {
    const { path } = await this.pathOf(apiVersion, kind, namespace, name, signal);
    try {
      return await this.request("GET", path, { signal });
    } catch (e) {
      if (e instanceof KubeError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** Every object of a kind in a namespace (or cluster-wide for cluster-scoped kinds), apiVersion and kind set. */
  async list(apiVersion: string, kind: string, namespace: string | undefined, signal?: AbortSignal): Promise<KubeObject[]> {
    const { path } = await this.pathOf(apiVersion, kind, namespace, undefined, signal);
    try {
      const list = await this.request("GET", path, { signal });
      return ((list?.items ?? []) as KubeObject[]).map((o) => ({ ...o, apiVersion, kind }));
    } catch (e) {
      if (e instanceof KubeError && e.status === 404) return [];
      throw e;
    }
  }

  /** Server-side apply with field manager `harmony`; `force` takes over conflicting fields. */
  async apply(obj: KubeObject, opts: { dryRun?: boolean; force?: boolean; signal?: AbortSignal } = {}): Promise<KubeObject> {
    const { path } = await this.pathOf(obj.apiVersion, obj.kind, obj.metadata.namespace, obj.metadata.name, opts.signal);
    return this.request("PATCH", path, {
      query: { fieldManager: FIELD_MANAGER, force: opts.force ? "true" : undefined, dryRun: opts.dryRun ? "All" : undefined },
      body: obj,
      contentType: "application/apply-patch+yaml",
      signal: opts.signal,
    });
  }
}

/** An opened kubeconfig: one client per context, created on first use. */
export class Kube {
  private readonly clients = new Map<string, ContextClient>();
  private readonly health = new Map<string, ServerHealth>();

  constructor(
    private readonly k8s: K8s,
    private readonly kc: KubeConfig,
    readonly label: string,
    private readonly retry: RetryPolicy,
    private readonly limits: RequestLimits = DEFAULT_LIMITS,
  ) {}

  get contexts(): string[] {
    return this.kc.getContexts().map((c) => c.name);
  }

  get currentContext(): string {
    return this.kc.getCurrentContext();
  }

  /** The client of a context (empty: the current one); a context that does not exist is an error. */
  client(context: string): ContextClient {
    const name = context || this.kc.getCurrentContext();
    let c = this.clients.get(name);
    if (c) return c;
    const ctx = this.kc.getContextObject(name);
    if (!ctx) throw new KubeError(missingContext(name, this.label, this.contexts), undefined, "NoContext");
    const kc = new this.k8s.KubeConfig();
    kc.loadFromOptions({ clusters: this.kc.getClusters(), users: this.kc.getUsers(), contexts: this.kc.getContexts(), currentContext: name });
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new KubeError(`context \`${name}\` in ${this.label} names no cluster`, undefined, "NoContext");
    let health = this.health.get(cluster.server);
    if (!health) this.health.set(cluster.server, (health = { failuresInRow: 0 }));
    c = new ContextClient(kc, name, cluster.server, ctx.namespace || "default", this.retry, this.limits, health);
    this.clients.set(name, c);
    return c;
  }

  /** Closes every context's connections; the process can then exit at once. */
  close(): void {
    for (const c of this.clients.values()) c.close();
  }

  get retries(): number {
    return [...this.clients.values()].reduce((n, c) => n + c.retries, 0);
  }

  /** Requests sent so far, retries included. */
  get sent(): number {
    return [...this.clients.values()].reduce((n, c) => n + c.sent, 0);
  }
}

function missingContext(name: string, label: string, contexts: string[]): string {
  return `context \`${name}\` not found in ${label}; contexts there: ${contexts.join(", ") || "none"}`;
}

export type KubeOpen = { ok: true; kube: Kube } | { ok: false; error: string };

/**
 * Opens the kubeconfig `loadKubeconfig` finds and checks that every context in `contexts` exists
 * (an empty name means the current context, which must then be set).
 */
export async function openKube(
  kubeconfig: string | undefined,
  contexts: string[] = [],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; retry?: RetryPolicy; limits?: Partial<RequestLimits> } = {},
): Promise<KubeOpen> {
  const read = await loadKubeconfig(kubeconfig, opts);
  if (!read.ok) return { ok: false, error: redact(read.error) };
  const { kc, k8s, source } = read;
  const label = source.label;
  const names = kc.getContexts().map((c) => c.name);
  for (const c of new Set(contexts)) {
    if (c === "") {
      if (!kc.getCurrentContext() || !names.includes(kc.getCurrentContext())) return { ok: false, error: redact(`${label} has no current context, and a topology names none; contexts there: ${names.join(", ") || "none"}`) };
    } else if (!names.includes(c)) return { ok: false, error: redact(missingContext(c, label, names)) };
  }
  return { ok: true, kube: new Kube(k8s, kc, label, opts.retry ?? DEFAULT_RETRY, { ...DEFAULT_LIMITS, ...opts.limits }) };
}
