// Runs a switchover decided by switchover.ts against the clusters, then the deploy plan, then the
// confirmation that the old side follows. Every wait polls the live Cluster and gives up after a
// deadline without going further: a promotion never happens without the token it waits for.
import { applyPlan, DEFAULT_DEADLINE_MS, describeMs, remainingMs, type ApplyOptions, type ProgressEvent } from "./apply";
import { runSignal } from "./abort";
import { isAbort, sleep, type Kube } from "./kube";
import { CNPG_API_VERSION, CNPG_HEALTHY } from "./manifests";
import type { KubeObject, Plan } from "./plan";
import { claimsPrimary, readLiveSides, specOf, statusOf, postgresSides, type LiveSide } from "./postgres-live";
import { decideSwitchover, demotedCluster, headline, livePlan, promotedCluster, type Switchover, type SwitchoverDecision, type SwitchoverOptions, type SwitchoverStep } from "./switchover";
import type { DeploySummary } from "./summary";
import { primaryChange } from "./switchover-preview";

export interface SwitchoverStepResult {
  id: string;
  action: SwitchoverStep["action"];
  description: string;
  outcome: "done" | "failed" | "skipped";
  reason?: string;
}

export interface SwitchoverRunOptions {
  kube: Kube;
  signal?: AbortSignal;
  dryRun?: boolean;
  /** How long each wait waits; default 10 minutes. */
  waitTimeoutMs?: number;
  /** How often a wait polls; default 2 s. */
  pollMs?: number;
  onProgress?: (step: SwitchoverStep, message: string) => void;
  /** Why `signal` aborted, when it was not the user: the deploy's deadline. */
  stopReason?: () => string | undefined;
}

/** What the live read found, before anything is written. */
export async function readSwitchover(plan: Plan, kube: Kube, opts: SwitchoverOptions & { signal?: AbortSignal } = {}): Promise<{ sides: LiveSide[]; decision: SwitchoverDecision }> {
  const sides = await readLiveSides(postgresSides(plan), kube, opts.signal);
  return { sides, decision: decideSwitchover(sides, opts) };
}

class SequenceRun {
  private token: string | undefined;
  private tokenBefore: string | undefined;
  private timelineBefore: number | undefined;
  readonly results: SwitchoverStepResult[] = [];

  constructor(
    private readonly sw: Switchover,
    private readonly o: SwitchoverRunOptions,
  ) {}

  private side(entry: string): LiveSide {
    return [this.sw.to, ...this.sw.from].find((s) => s.entry === entry)!;
  }

  private async read(side: LiveSide): Promise<KubeObject> {
    const client = this.o.kube.client(side.target.context);
    const o = await client.get(CNPG_API_VERSION, "Cluster", side.target.namespace || client.defaultNamespace, side.cluster, this.o.signal);
    if (!o) throw new Error(`Cluster ${side.cluster} on ${side.site} no longer exists`);
    return o;
  }

  private async apply(side: LiveSide, o: KubeObject): Promise<void> {
    const client = this.o.kube.client(side.target.context);
    const ns = side.target.namespace || client.defaultNamespace;
    await client.apply({ ...o, metadata: { ...o.metadata, namespace: ns } }, { dryRun: this.o.dryRun, signal: this.o.signal });
  }

  /** Polls until `ready` returns true; the message says what it still waits for. */
  private async until(step: SwitchoverStep, side: LiveSide, ready: (o: KubeObject) => boolean, waitingFor: string): Promise<KubeObject> {
    const timeout = this.o.waitTimeoutMs ?? 10 * 60_000;
    const deadline = Date.now() + timeout;
    for (;;) {
      const o = await this.read(side);
      if (ready(o)) return o;
      if (Date.now() > deadline) throw new Error(`${side.site} did not report ${waitingFor} within ${Math.round(timeout / 1000)} s`);
      this.o.onProgress?.(step, `waiting for ${waitingFor} on ${side.site}`);
      await sleep(this.o.pollMs ?? 2000, this.o.signal);
    }
  }

  private async step(step: SwitchoverStep): Promise<void> {
    const side = this.side(step.entry);
    const to = this.sw.to;
    switch (step.action) {
      case "demote": {
        this.tokenBefore = statusOf(await this.read(side)).demotionToken;
        await this.apply(side, demotedCluster(side, to.entry));
        return;
      }
      case "wait-demotion-token": {
        if (this.o.dryRun) return;
        const fresh = (o: KubeObject) => {
          const t = statusOf(o).demotionToken;
          const busy = (o.status as { switchReplicaClusterStatus?: { inProgress?: boolean } } | undefined)?.switchReplicaClusterStatus?.inProgress;
          return !!t && t !== this.tokenBefore && !busy && !claimsPrimary(o);
        };
        const o = await this.until(step, side, fresh, "a new status.demotionToken");
        this.token = statusOf(o).demotionToken;
        return;
      }
      case "promote": {
        const tokenless = this.sw.kind === "primary-lost" || this.sw.kind === "revert";
        // The one guard that matters most: a token is only ever the one the old primary produced in this run.
        if (!tokenless && !this.token && !this.o.dryRun) throw new Error(`no demotion token was read from ${this.sw.from[0].site}: ${to.site} is not promoted`);
        this.timelineBefore = statusOf(await this.read(to)).timelineID;
        await this.apply(to, promotedCluster(to, tokenless ? undefined : (this.token ?? "dry-run"), this.sw.kind === "primary-lost" ? this.sw.from.map((s) => s.entry) : []));
        return;
      }
      case "wait-promoted": {
        if (this.o.dryRun) return;
        const promoted = (o: KubeObject) =>
          claimsPrimary(o) && (this.token ? statusOf(o).lastPromotionToken === this.token : (statusOf(o).timelineID ?? 0) > (this.timelineBefore ?? 0));
        await this.until(step, side, promoted, this.token ? "status.lastPromotionToken equal to the demotion token" : "a new timeline (status.timelineID)");
        return;
      }
      case "wait-following": {
        if (this.o.dryRun) return;
        const follows = (o: KubeObject) => specOf(o).replica?.primary === to.entry && !claimsPrimary(o) && statusOf(o).phase === CNPG_HEALTHY;
        await this.until(step, side, follows, `replica.primary = ${to.entry} and a healthy phase`);
        return;
      }
    }
  }

  /** Runs the steps of one phase in order; the first failure skips the rest, saying why. */
  async run(afterPlan: boolean): Promise<boolean> {
    let failed: string | undefined;
    for (const step of this.sw.steps.filter((s) => !!s.afterPlan === afterPlan)) {
      const base = { id: step.id, action: step.action, description: step.description };
      if (failed || this.o.signal?.aborted) {
        this.results.push({ ...base, outcome: "skipped", reason: this.o.signal?.aborted ? (this.o.stopReason?.() ?? "cancelled") : `step ${failed} failed` });
        continue;
      }
      this.o.onProgress?.(step, step.description);
      try {
        await this.step(step);
        this.results.push({ ...base, outcome: "done" });
      } catch (e) {
        const reason = this.o.signal?.aborted || isAbort(e) ? (this.o.stopReason?.() ?? "cancelled") : e instanceof Error ? e.message.split("\n")[0] : String(e);
        this.results.push({ ...base, outcome: "failed", reason: `${reason}${this.recovery(step)}` });
        failed = step.id;
      }
    }
    return !failed;
  }

  /** What the clusters look like after a failure at this step, and how the next deploy goes on. */
  private recovery(step: SwitchoverStep): string {
    const old = this.sw.from.map((s) => s.site).join(", ");
    if (step.action === "wait-demotion-token" || (step.action === "promote" && this.sw.kind !== "primary-lost")) {
      return `. ${this.sw.to.site} was not promoted; ${old} is demoted, so no side accepts writes until the next deploy: deploy again to finish the switchover, or name ${old} primary in the file and deploy to put it back`;
    }
    if (step.action === "wait-promoted") return `. ${this.sw.to.site} was asked to promote; deploy again to confirm it`;
    return "";
  }
}

export interface SwitchoverDeploy {
  decision: SwitchoverDecision;
  sequence: SwitchoverStepResult[];
  /** The plan's own summary; absent when the sequence stopped before it. */
  summary?: DeploySummary;
  ok: boolean;
}

/**
 * Deploys a plan over what is live: the switchover (when one is due) before the plan, the
 * confirmation after it. A refused decision writes nothing.
 */
export async function deployWithSwitchover(
  plan: Plan,
  read: { sides: LiveSide[]; decision: SwitchoverDecision },
  options: ApplyOptions & { onSwitchoverProgress?: (step: SwitchoverStep, message: string) => void },
): Promise<SwitchoverDeploy> {
  const { decision, sides } = read;
  if (decision.kind === "refused") return { decision, sequence: [], ok: false };
  // One deadline for the sequence and the plan after it: the plan gets what the sequence left.
  const deadlineAt = options.deadlineAt ?? Date.now() + (options.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const timed = runSignal(options.signal, remainingMs({ deadlineAt }));
  const stopReason = () => (timed.stopped() === "deadline" ? `the deploy's deadline (${describeMs(options.deadlineMs ?? DEFAULT_DEADLINE_MS)}) passed` : undefined);
  try {
    const sequenceRun =
      decision.kind === "switch"
        ? new SequenceRun(decision.switchover, { kube: options.kube, signal: timed.signal, stopReason, dryRun: options.dryRun, waitTimeoutMs: options.waitTimeoutMs, pollMs: options.pollMs, onProgress: options.onSwitchoverProgress })
        : undefined;
    if (sequenceRun && !(await sequenceRun.run(false))) return { decision, sequence: sequenceRun.results, ok: false };
    const summary = await applyPlan(livePlan(plan, sides, decision), { ...options, deadlineAt });
    if (!sequenceRun) return { decision, sequence: [], summary, ok: summary.ok };
    const followed = summary.ok && !timed.signal.aborted ? await sequenceRun.run(true) : false;
    return { decision, sequence: sequenceRun.results, summary, ok: summary.ok && followed };
  } finally {
    timed.dispose();
  }
}

/** The switchover part of a deploy's report: headline, risk, each step's outcome. */
export function formatSwitchover(d: SwitchoverDeploy | { decision: SwitchoverDecision; sequence: SwitchoverStepResult[] }): string {
  const lines = [...d.decision.notes.map((n) => `note: ${n}`)];
  if (d.decision.kind === "refused") lines.push(`switchover refused: ${d.decision.reason}`);
  if (d.decision.kind === "switch") {
    lines.push(headline(d.decision.switchover), `  ${primaryChange(d.decision.switchover)}`);
    if (d.decision.switchover.risk) lines.push(`RISK: ${d.decision.switchover.risk}`);
    const done = new Map(d.sequence.map((r) => [r.id, r]));
    for (const s of d.decision.switchover.steps) {
      const r = done.get(s.id);
      lines.push(`  ${s.id} ${s.action}: ${s.description}${r ? ` — ${r.outcome}${r.reason ? `: ${r.reason}` : ""}` : ""}`);
    }
  }
  return lines.join("\n");
}

export type { ProgressEvent };
