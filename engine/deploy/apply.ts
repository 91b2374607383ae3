// The kube applier: runs a plan's steps (dependent steps in order, independent ones in parallel,
// bounded), server-side applies their objects, waits, copies secrets, and says what happened to
// each object. Cancellable at any point: the signal aborts in-flight requests and waits.
import { readAddress, substituteAddresses } from "./addresses";
import { projectOnto, sameJson } from "./fields";
import { runSignal, type StopReason } from "./abort";
import { isAbort, KubeError, sleep, type ContextClient, type Kube } from "./kube";
import { CNPG_API_VERSION, CNPG_HEALTHY } from "./manifests";
import { objectRef, type KubeObject, type Plan, type PlanStep } from "./plan";
import type { DeploySummary, ObjectResult, StepOutcome, StepResult } from "./summary";

export interface ApplyOptions {
  kube: Kube;
  signal?: AbortSignal;
  /** Server-side dry run (`dryRun=All`): nothing is written, waits are not waited. */
  dryRun?: boolean;
  /** Take over fields other managers own. Only when the user chose to. */
  force?: boolean;
  /** Requests in flight at once, across all targets; default 16. */
  concurrency?: number;
  /** How long a `wait` step waits; default 10 minutes. */
  waitTimeoutMs?: number;
  /** How often a `wait` step polls; default 2 s. */
  pollMs?: number;
  /** The whole run's deadline; past it, requests in flight are aborted and the rest not sent. Default 30 minutes. */
  deadlineMs?: number;
  /**
   * When `deadlineMs` ends (a `Date.now()` time), for a run that is the rest of a longer command
   * whose deadline started before it (the live read of a switchover): one deadline, not one per part.
   */
  deadlineAt?: number;
  onProgress?: (event: ProgressEvent) => void;
}

export const DEFAULT_DEADLINE_MS = 30 * 60_000;

export interface ProgressEvent {
  step: PlanStep;
  kind: "step-start" | "step-end" | "object" | "waiting";
  message: string;
}

/** From this many objects of one kind in one namespace on, a step lists them instead of reading each. */
const PREFETCH_THRESHOLD = 4;

function objectKey(o: KubeObject): string {
  return `${o.apiVersion}|${o.kind}|${o.metadata.namespace ?? ""}|${o.metadata.name}`;
}

/** A counting semaphore: at most `n` holders. */
class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly n: number) {}
  async run<T>(f: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((r) => this.queue.push(r));
    this.active++;
    try {
      return await f();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

/** A dry run goes on without the address when it cannot be read; a cancel still cancels. */
function rethrowAbort(e: unknown): undefined {
  if (isAbort(e)) throw e;
  return undefined;
}

function why(e: unknown): string {
  if (e instanceof KubeError && e.conflicts.length) {
    const fields = e.conflicts.map((c) => `${c.field} (owned by ${c.manager})`).join(", ");
    return `field-manager conflict: ${fields}; deploy again with force to take these fields over`;
  }
  return e instanceof Error ? e.message.split("\n")[0] : String(e);
}

class Run {
  readonly objects: ObjectResult[] = [];
  readonly steps = new Map<string, StepResult>();
  private readonly bindings = new Map<string, string>();
  private readonly limiter: Limiter;
  /** Namespaces a dry run found missing: objects in them cannot be dry-run yet. */
  private readonly missingNamespaces = new Set<string>();

  constructor(
    private readonly plan: Plan,
    private readonly o: ApplyOptions,
    private readonly run: { signal: AbortSignal; stopped: () => StopReason | undefined },
  ) {
    this.limiter = new Limiter(o.concurrency ?? 16);
  }

  private get signal(): AbortSignal {
    return this.run.signal;
  }

  /** Why the run stopped early, as a reason: "cancelled", or the deadline that passed. */
  private stopReason(): string {
    return this.run.stopped() === "deadline" ? `the deploy's deadline (${describeMs(this.o.deadlineMs ?? DEFAULT_DEADLINE_MS)}) passed` : "cancelled";
  }

  private emit(step: PlanStep, kind: ProgressEvent["kind"], message: string): void {
    this.o.onProgress?.({ step, kind, message });
  }

  private record(step: PlanStep, r: Omit<ObjectResult, "step" | "target">): void {
    const result: ObjectResult = { step: step.id, target: step.target, ...r };
    this.objects.push(result);
    this.emit(step, "object", `${result.outcome} ${result.ref}${result.reason ? ` — ${result.reason}` : ""}`);
  }

  /** The step's objects with namespaces filled in and addresses learnt by earlier waits substituted. */
  private resolve(client: ContextClient, step: PlanStep, o: KubeObject): KubeObject {
    const ns = step.target.namespace || client.defaultNamespace;
    const out = substituteAddresses(o, (p) => {
      const v = this.bindings.get(p);
      if (v === undefined) throw new Error(`${p.slice(2, -1)} is not known: the wait step that learns it did not run`);
      return v;
    });
    if (o.kind !== "Namespace" && "namespace" in o.metadata && !o.metadata.namespace) out.metadata.namespace = ns;
    return out;
  }

  async execute(): Promise<void> {
    const outcomes = new Map<string, Promise<StepOutcome>>();
    for (const step of this.plan.steps) {
      const deps = step.after.map((id) => outcomes.get(id) ?? Promise.resolve<StepOutcome>("done"));
      outcomes.set(
        step.id,
        Promise.all(deps).then(async (prior) => {
          const blocked = step.after.find((_, i) => prior[i] !== "done");
          if (blocked) {
            const b = this.steps.get(blocked);
            return this.skip(step, this.signal.aborted ? this.stopReason() : `step ${blocked} ${b?.outcome ?? "did not finish"}: ${b?.description ?? ""}`);
          }
          if (this.signal.aborted) return this.skip(step, this.stopReason());
          return this.runStep(step);
        }),
      );
    }
    await Promise.all(outcomes.values());
  }

  private skip(step: PlanStep, reason: string): StepOutcome {
    this.steps.set(step.id, { id: step.id, action: step.action, target: step.target, description: step.description, outcome: "skipped", reason, durationMs: 0 });
    if (step.action !== "wait") for (const o of step.objects) this.record(step, { ref: objectRef(o), outcome: "skipped", reason });
    this.emit(step, "step-end", `skipped: ${reason}`);
    return "skipped";
  }

  private async runStep(step: PlanStep): Promise<StepOutcome> {
    const t0 = Date.now();
    this.emit(step, "step-start", step.description);
    let outcome: StepOutcome = "done";
    let reason: string | undefined;
    try {
      const client = this.o.kube.client(step.target.context);
      if (step.action === "apply") outcome = await this.applyStep(client, step);
      else if (step.action === "wait") reason = await this.waitStep(client, step);
      else outcome = await this.copyStep(client, step);
    } catch (e) {
      outcome = "failed";
      reason = this.signal.aborted || isAbort(e) ? this.stopReason() : why(e);
      if (step.action !== "wait") {
        for (const o of step.objects) {
          if (!this.objects.some((r) => r.step === step.id && r.ref === objectRef(o))) this.record(step, { ref: objectRef(o), outcome: "skipped", reason });
        }
      }
    }
    if (outcome === "failed" && !reason) {
      const failed = this.objects.filter((r) => r.step === step.id && r.outcome === "failed").length;
      const unsent = this.objects.filter((r) => r.step === step.id && r.outcome === "skipped" && r.reason?.startsWith("not attempted")).length;
      reason = this.signal.aborted
        ? this.stopReason()
        : [failed ? `${failed} object${failed === 1 ? "" : "s"} failed` : "", unsent ? `${unsent} not attempted` : ""].filter(Boolean).join(", ") || "an object could not be applied";
    }
    this.steps.set(step.id, { id: step.id, action: step.action, target: step.target, description: step.description, outcome, reason, durationMs: Date.now() - t0 });
    this.emit(step, "step-end", `${outcome}${reason ? `: ${reason}` : ""}`);
    return outcome;
  }

  /** Applies one object; true when it did not fail. */
  private async applyObject(client: ContextClient, step: PlanStep, raw: KubeObject, known?: Map<string, KubeObject | null>): Promise<boolean> {
    const ref = objectRef(raw);
    if (this.signal.aborted) {
      this.record(step, { ref, outcome: "skipped", reason: this.stopReason() });
      return false;
    }
    return this.limiter.run(async () => {
      if (this.signal.aborted) {
        this.record(step, { ref, outcome: "skipped", reason: this.stopReason() });
        return false;
      }
      let obj: KubeObject;
      try {
        obj = this.resolve(client, step, raw);
      } catch (e) {
        this.record(step, { ref, outcome: "failed", reason: why(e) });
        return false;
      }
      const ns = obj.metadata.namespace;
      if (this.o.dryRun && ns && this.missingNamespaces.has(`${client.context}/${ns}`)) {
        this.record(step, { ref, outcome: "skipped", reason: `namespace ${ns} does not exist yet; a real deploy creates it first` });
        return true;
      }
      // Until the apply request goes out, a failure means the object was not touched.
      let applying = false;
      try {
        const prefetched = known?.get(objectKey(obj));
        const before = prefetched === undefined ? await client.get(obj.apiVersion, obj.kind, ns, obj.metadata.name, this.signal) : (prefetched ?? undefined);
        if (obj.kind === "Namespace") {
          // A namespace is created when missing, never taken over.
          if (before) {
            this.record(step, { ref, outcome: "unchanged", reason: "exists" });
            return true;
          }
          if (this.o.dryRun) this.missingNamespaces.add(`${client.context}/${obj.metadata.name}`);
        }
        applying = true;
        const after = await client.apply(obj, { dryRun: this.o.dryRun, force: this.o.force, signal: this.signal });
        const unchanged = before !== undefined && sameJson(projectOnto(before, obj), projectOnto(after, obj));
        const verb = before ? "configured" : "created";
        this.record(step, unchanged ? { ref, outcome: "unchanged" } : { ref, outcome: "applied", reason: this.o.dryRun ? `would be ${verb}` : verb });
        return true;
      } catch (e) {
        const stopped = isAbort(e) || this.signal.aborted;
        const unanswered = e instanceof KubeError && e.delivery !== undefined;
        if (!applying && (stopped || unanswered)) {
          this.record(step, { ref, outcome: "skipped", reason: notAttempted(stopped ? this.stopReason() : why(e)) });
        } else if (stopped) {
          this.record(step, { ref, outcome: "failed", reason: `${this.stopReason()} in flight: the API server may or may not have applied it` });
        } else if (unanswered && e.delivery === "unsent") {
          this.record(step, { ref, outcome: "skipped", reason: notAttempted(why(e)) });
        } else if (unanswered) {
          this.record(step, { ref, outcome: "failed", reason: `sent, but the API server stopped answering: it may or may not have applied it (${why(e)})` });
        } else {
          this.record(step, { ref, outcome: "failed", reason: why(e), ...(e instanceof KubeError && e.conflicts.length ? { conflicts: e.conflicts } : {}) });
        }
        return false;
      }
    });
  }

  private async applyStep(client: ContextClient, step: PlanStep): Promise<StepOutcome> {
    // Namespaces first: everything else in the step lives in them.
    const namespaces = step.objects.filter((o) => o.kind === "Namespace");
    const rest = step.objects.filter((o) => o.kind !== "Namespace");
    const nsOk = (await Promise.all(namespaces.map((o) => this.applyObject(client, step, o)))).every(Boolean);
    if (!nsOk) {
      for (const o of rest) this.record(step, { ref: objectRef(o), outcome: "skipped", reason: this.signal.aborted ? this.stopReason() : "its namespace could not be created" });
      return "failed";
    }
    const known = await this.prefetch(client, step, rest);
    const ok = (await Promise.all(rest.map((o) => this.applyObject(client, step, o, known)))).every(Boolean);
    return ok ? "done" : "failed";
  }

  /**
   * The live state of many objects of one kind in one namespace, with one list request instead of a
   * read per object: what tells created, configured and unchanged apart. Best effort: on any
   * failure the objects are read one by one.
   */
  private async prefetch(client: ContextClient, step: PlanStep, objects: KubeObject[]): Promise<Map<string, KubeObject | null>> {
    const known = new Map<string, KubeObject | null>();
    const groups = new Map<string, KubeObject[]>();
    for (const raw of objects) {
      const ns = raw.metadata.namespace || (raw.metadata.namespace === "" ? step.target.namespace || client.defaultNamespace : undefined);
      const key = `${raw.apiVersion}|${raw.kind}|${ns ?? ""}`;
      groups.set(key, [...(groups.get(key) ?? []), raw]);
    }
    await Promise.all(
      [...groups.entries()].map(async ([key, members]) => {
        if (members.length < PREFETCH_THRESHOLD || this.signal.aborted) return;
        const [apiVersion, kind, ns] = key.split("|");
        try {
          const live = await this.limiter.run(() => client.list(apiVersion, kind, ns || undefined, this.signal));
          const byName = new Map(live.map((o) => [o.metadata.name, o]));
          for (const m of members) known.set(`${key}|${m.metadata.name}`, byName.get(m.metadata.name) ?? null);
        } catch {
          // Read one by one instead.
        }
      }),
    );
    return known;
  }

  /** Polls until the CloudNativePG cluster is healthy and the exposure has an address. */
  private async waitStep(client: ContextClient, step: PlanStep): Promise<string | undefined> {
    const w = step.wait ?? {};
    const ns = step.target.namespace || client.defaultNamespace;
    if (this.o.dryRun) {
      // The address the exposure has now, as a deploy would learn it; a stand-in before it has one.
      if (w.address) this.bindings.set(w.address.placeholder, (await readAddress(client, w.address, ns, this.signal).catch(rethrowAbort)) ?? `<address of ${w.address.kind} ${w.address.name}>`);
      return "dry run: not waited for";
    }
    const timeout = this.o.waitTimeoutMs ?? 600_000;
    const deadline = Date.now() + timeout;
    let last = "not found yet";
    for (;;) {
      let healthy = true;
      if (w.cluster) {
        const c = (await client.get(CNPG_API_VERSION, "Cluster", ns, w.cluster.name, this.signal)) as any;
        const phase = c?.status?.phase;
        const ready = Number(c?.status?.readyInstances ?? 0);
        healthy = phase === CNPG_HEALTHY && ready >= w.cluster.instances;
        last = c ? `phase "${phase ?? "none"}", ${ready}/${w.cluster.instances} instances ready` : "the cluster does not exist";
      }
      if (healthy && w.address) {
        const a = w.address;
        const address = await readAddress(client, a, ns, this.signal);
        if (address !== undefined) this.bindings.set(a.placeholder, address);
        else {
          healthy = false;
          last = `${a.kind} ${a.name} has no address yet`;
        }
      }
      if (healthy) return undefined;
      if (Date.now() >= deadline) throw new Error(`timed out after ${Math.round(timeout / 1000)} s: ${last}`);
      this.emit(step, "waiting", last);
      await sleep(Math.min(this.o.pollMs ?? 2000, Math.max(0, deadline - Date.now())), this.signal);
    }
  }

  /** Reads the listed secrets on the source target and applies them, those keys only, on the step's target. */
  private async copyStep(client: ContextClient, step: PlanStep): Promise<StepOutcome> {
    const copy = step.copy!;
    const source = this.o.kube.client(copy.from.context);
    const from = copy.from.namespace || source.defaultNamespace;
    const results = await Promise.all(
      copy.secrets.map(async (s, i) => {
        const shell = step.objects[i];
        const ref = objectRef(shell);
        let secret: any;
        try {
          secret = await source.get("v1", "Secret", from, s.from, this.signal);
        } catch (e) {
          this.record(step, { ref, outcome: "failed", reason: isAbort(e) ? this.stopReason() : `cannot read secret ${s.from}: ${why(e)}` });
          return false;
        }
        if (!secret) {
          if (this.o.dryRun) {
            this.record(step, { ref, outcome: "skipped", reason: `dry run: secret ${s.from} does not exist on ${copy.from.context || "the current context"}/${from} until the primary runs` });
            return true;
          }
          this.record(step, { ref, outcome: "failed", reason: `secret ${s.from} not found on ${copy.from.context || "the current context"}/${from}; CloudNativePG creates it with the primary cluster` });
          return false;
        }
        const missing = s.keys.filter((k) => typeof secret.data?.[k] !== "string");
        if (missing.length) {
          this.record(step, { ref, outcome: "failed", reason: `secret ${s.from} has no ${missing.join(", ")}` });
          return false;
        }
        const data = Object.fromEntries(s.keys.map((k) => [k, secret.data[k]]));
        return this.applyObject(client, step, { ...shell, data });
      }),
    );
    return results.every(Boolean) ? "done" : "failed";
  }
}

/** `not attempted: <why>`, once: a client error for a request never sent already says it. */
export function notAttempted(why: string): string {
  return `not attempted: ${why.replace(/^(not attempted: )+/, "")}`;
}

/** What is left of the run's deadline; at least 1 ms, so a deadline already spent still stops the run. */
export function remainingMs(o: Pick<ApplyOptions, "deadlineMs" | "deadlineAt">): number {
  return o.deadlineAt !== undefined ? Math.max(1, o.deadlineAt - Date.now()) : (o.deadlineMs ?? DEFAULT_DEADLINE_MS);
}

export function describeMs(ms: number): string {
  return ms >= 60_000 && ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`;
}

/** Runs a plan against the clusters and returns what happened to every step and object. */
export async function applyPlan(plan: Plan, options: ApplyOptions): Promise<DeploySummary> {
  const t0 = Date.now();
  const retriesBefore = options.kube.retries;
  const run = runSignal(options.signal, remainingMs(options));
  try {
    const r = new Run(plan, options, run);
    await r.execute();
    const steps = plan.steps.map((s) => r.steps.get(s.id)!);
    const stopped = run.stopped();
    return {
      deployment: plan.deployment,
      dryRun: !!options.dryRun,
      cancelled: stopped === "cancelled",
      ...(stopped === "deadline" ? { timedOut: true } : {}),
      ok: !stopped && steps.every((s) => s.outcome === "done") && r.objects.every((o) => o.outcome !== "failed"),
      steps,
      objects: r.objects,
      retries: options.kube.retries - retriesBefore,
      durationMs: Date.now() - t0,
    };
  } finally {
    run.dispose();
  }
}
