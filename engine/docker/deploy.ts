// The host applier: runs a host plan's steps one after another over one SSH connection per host,
// and says what happened to every container. A step that fails skips every later step (the
// replica waits for a healthy primary); a cancel or a lost connection says what may have been
// applied.
import { runSignal } from "../deploy/abort";
import { describeHost, type HostPlan, type HostStep, type HostTarget } from "../deploy/plan";
import { ensureContainer, waitHealthy, type ContainerOutcome } from "./containers";
import { connectHost, HostConnectError, type HostConnection, type SshOptions } from "./ssh";

export interface HostDeployOptions extends Omit<SshOptions, "signal"> {
  signal?: AbortSignal;
  /** Look, change nothing: what a deploy would do to each container. */
  dryRun?: boolean;
  /** How long a container may take to become healthy; default 60 s. */
  healthTimeoutMs?: number;
  /** How long a container without a HEALTHCHECK must stay running to count; default 1 s. */
  settleMs?: number;
  /** The whole run's deadline; default 30 minutes. */
  deadlineMs?: number;
  onProgress?: (event: { step: HostStep; kind: "step-start" | "step-end" | "container"; message: string }) => void;
  /** Connections to reuse (and leave open); the others are opened here and closed at the end. */
  connections?: Map<string, HostConnection>;
}

export interface ContainerResult {
  step: string;
  target: HostTarget;
  container: string;
  outcome: ContainerOutcome;
  reason?: string;
}

export interface HostStepResult {
  id: string;
  action: HostStep["action"];
  target: HostTarget;
  description: string;
  outcome: "done" | "failed" | "skipped";
  reason?: string;
  durationMs: number;
}

export interface HostDeploySummary {
  deployment: string;
  dryRun: boolean;
  cancelled: boolean;
  timedOut?: boolean;
  ok: boolean;
  steps: HostStepResult[];
  containers: ContainerResult[];
  /** A host key that stopped the deploy: what it is, so a host can offer to accept it. */
  hostKey?: { host: string; fingerprint: string; keyType: string; verdict: string };
  durationMs: number;
}

export const hostKeyOf = (t: HostTarget) => `${t.user}@${t.address}:${t.port}`;

/** Runs a host plan and returns what happened to every step and container. */
export async function deployHosts(plan: HostPlan, o: HostDeployOptions = {}): Promise<HostDeploySummary> {
  const t0 = Date.now();
  const run = runSignal(o.signal, o.deadlineMs ?? 30 * 60_000);
  const signal = run.signal;
  const own = new Map<string, HostConnection>();
  const steps: HostStepResult[] = [];
  const containers: ContainerResult[] = [];
  let hostKey: HostDeploySummary["hostKey"];
  let blocked: string | undefined;
  const stopReason = () => (run.stopped() === "deadline" ? "the deploy's deadline passed" : "cancelled");

  const connection = async (t: HostTarget): Promise<HostConnection> => {
    const key = hostKeyOf(t);
    const existing = o.connections?.get(key) ?? own.get(key);
    if (existing && !existing.lost) return existing;
    if (existing?.lost) throw new Error(`the SSH connection to ${describeHost(t)} was lost: ${existing.lostReason}`);
    const opened = await connectHost(t, { ...o, signal });
    own.set(key, opened);
    return opened;
  };

  try {
    for (const step of plan.steps) {
      const started = Date.now();
      const record = (outcome: HostStepResult["outcome"], reason?: string) => {
        steps.push({ id: step.id, action: step.action, target: step.target, description: step.description, outcome, ...(reason ? { reason } : {}), durationMs: Date.now() - started });
        o.onProgress?.({ step, kind: "step-end", message: `${outcome}${reason ? `: ${reason}` : ""}` });
      };
      const note = (container: string, outcome: ContainerOutcome, reason?: string) => {
        if (step.action !== "apply") return;
        containers.push({ step: step.id, target: step.target, container, outcome, ...(reason ? { reason } : {}) });
        o.onProgress?.({ step, kind: "container", message: `${outcome} ${container} on ${step.target.host}${reason ? ` — ${reason}` : ""}` });
      };
      if (signal.aborted || blocked) {
        const reason = signal.aborted ? stopReason() : blocked!;
        for (const c of step.objects) note(c.name, "skipped", reason);
        record("skipped", reason);
        continue;
      }
      o.onProgress?.({ step, kind: "step-start", message: step.description });
      let conn: HostConnection;
      try {
        conn = await connection(step.target);
      } catch (e) {
        const reason = e instanceof HostConnectError ? e.message : `cannot reach ${describeHost(step.target)}: ${(e as Error).message}`;
        if (e instanceof HostConnectError && e.hostKey) hostKey = { host: step.target.host, ...e.hostKey };
        for (const c of step.objects) note(c.name, "skipped", `not attempted: no connection to ${step.target.host}`);
        record("failed", reason);
        blocked = `step ${step.id} (${step.target.host}) failed`;
        continue;
      }
      const health = { signal, healthTimeoutMs: o.healthTimeoutMs, settleMs: o.settleMs, dryRun: o.dryRun };
      const outcomes = await Promise.all(
        step.objects.map(async (c): Promise<boolean> => {
          try {
            if (step.action === "wait") {
              if (!o.dryRun) await waitHealthy(conn.docker, c.name, health);
              return true;
            }
            const r = await ensureContainer(conn.docker, step.target.host, c, health);
            note(c.name, r.outcome, r.reason);
            return r.outcome !== "failed";
          } catch (e) {
            const reason = signal.aborted
              ? `${stopReason()} while it was being changed: it may or may not have been applied`
              : conn.lost
                ? `the SSH connection to ${step.target.host} was lost (${conn.lostReason}): it may or may not have been applied`
                : (e as Error).message;
            if (step.action === "wait") throw Object.assign(new Error(reason), { waitFailure: true });
            note(c.name, "failed", reason);
            return false;
          }
        }),
      ).then(
        (ok) => ({ ok: ok.every(Boolean), reason: undefined as string | undefined }),
        (e: Error) => ({ ok: false, reason: e.message }),
      );
      if (outcomes.ok) {
        record("done", o.dryRun && step.action === "wait" ? "dry run: not waited for" : undefined);
        continue;
      }
      const failed = containers.filter((c) => c.step === step.id && c.outcome === "failed").length;
      const reason = outcomes.reason ?? (signal.aborted ? stopReason() : `${failed} container${failed === 1 ? "" : "s"} failed`);
      record("failed", reason);
      blocked = `step ${step.id} (${step.target.host}) failed`;
    }
  } finally {
    for (const c of own.values()) c.close();
    run.dispose();
  }
  const stopped = run.stopped();
  return {
    deployment: plan.deployment,
    dryRun: !!o.dryRun,
    cancelled: stopped === "cancelled",
    ...(stopped === "deadline" ? { timedOut: true } : {}),
    ok: !stopped && steps.every((s) => s.outcome === "done"),
    steps,
    containers,
    ...(hostKey ? { hostKey } : {}),
    durationMs: Date.now() - t0,
  };
}

/** `1 created, 0 replaced, 1 unchanged, 0 failed, 0 skipped` */
export function hostCountLine(s: HostDeploySummary): string {
  return (["created", "replaced", "unchanged", "failed", "skipped"] as const).map((k) => `${s.containers.filter((c) => c.outcome === k).length} ${k}`).join(", ");
}

/** One line for a notification. */
export function hostHeadline(s: HostDeploySummary): string {
  const state = s.cancelled ? "cancelled" : s.timedOut ? "timed out" : s.ok ? "succeeded" : "failed";
  return `${s.dryRun ? "Dry run of" : "Deploy of"} ${s.deployment} ${state}: ${hostCountLine(s)}`;
}

/** The full summary, one line per step and per container. */
export function formatHostSummary(s: HostDeploySummary): string {
  const lines = [`${hostHeadline(s)} (${(s.durationMs / 1000).toFixed(1)} s)`];
  for (const step of s.steps) {
    lines.push(`  ${step.id} ${step.action} on ${describeHost(step.target)}: ${step.outcome}${step.reason ? ` — ${step.reason}` : ""}`);
    lines.push(`     ${step.description}`);
    for (const c of s.containers.filter((x) => x.step === step.id)) lines.push(`     ${c.outcome.padEnd(9)} container ${c.container}${c.reason ? ` — ${c.reason}` : ""}`);
  }
  return lines.join("\n");
}
