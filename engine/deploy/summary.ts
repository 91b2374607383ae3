// What a deploy did, object by object: the truth a user reads at the end.
import type { FieldConflict } from "./kube";
import type { KubeTarget, StepAction } from "./plan";
import { describeTarget } from "./plan";

export type ObjectOutcome = "applied" | "unchanged" | "failed" | "skipped";
export type StepOutcome = "done" | "failed" | "skipped";

export interface ObjectResult {
  step: string;
  target: KubeTarget;
  /** `Cluster shop/orders-db` */
  ref: string;
  outcome: ObjectOutcome;
  /** Why it failed or was skipped; for `applied`, `created` or `configured`. */
  reason?: string;
  conflicts?: FieldConflict[];
}

export interface StepResult {
  id: string;
  action: StepAction;
  target: KubeTarget;
  description: string;
  outcome: StepOutcome;
  reason?: string;
  durationMs: number;
}

export interface DeploySummary {
  deployment: string;
  dryRun: boolean;
  cancelled: boolean;
  /** The run's deadline passed before it finished. */
  timedOut?: boolean;
  /** Every step done, no object failed. */
  ok: boolean;
  steps: StepResult[];
  objects: ObjectResult[];
  /** Requests retried after 429, 5xx or connection failures. */
  retries: number;
  durationMs: number;
}

/** `3 applied, 1 unchanged, 1 failed, 2 skipped` */
export function countLine(s: DeploySummary): string {
  const n = (o: ObjectOutcome) => s.objects.filter((x) => x.outcome === o).length;
  return (["applied", "unchanged", "failed", "skipped"] as const).map((o) => `${n(o)} ${o}`).join(", ");
}

/** One line for a notification. */
export function headline(s: DeploySummary): string {
  const verb = s.dryRun ? "Dry run of" : "Deploy of";
  const state = s.cancelled ? "cancelled" : s.timedOut ? "timed out" : s.ok ? "succeeded" : "failed";
  return `${verb} ${s.deployment} ${state}: ${countLine(s)}`;
}

/** The full summary, one line per step and per object. */
export function formatSummary(s: DeploySummary): string {
  const lines = [`${headline(s)} (${(s.durationMs / 1000).toFixed(1)} s${s.retries ? `, ${s.retries} retried request${s.retries === 1 ? "" : "s"}` : ""})`];
  for (const step of s.steps) {
    lines.push(`  ${step.id} ${step.action} on ${describeTarget(step.target)}: ${step.outcome}${step.reason ? ` — ${step.reason}` : ""}`);
    lines.push(`     ${step.description}`);
    for (const o of s.objects.filter((x) => x.step === step.id)) {
      lines.push(`     ${o.outcome.padEnd(9)} ${o.ref}${o.reason ? ` — ${o.reason}` : ""}`);
    }
  }
  return lines.join("\n");
}
