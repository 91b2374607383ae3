// What a plan preview says about the live sides of a failover PostgreSQL: which side is primary now,
// and the switchover a deploy would run before the plan, "current primary → new primary" by site.
// Comment lines, so the preview stays the plan's YAML.
import { claimsPrimary, describeSide, liveStatusLines, type LiveSide } from "./postgres-live";
import type { Switchover, SwitchoverDecision } from "./switchover";

/** The sites whose live Cluster claimed to be primary at this read (two is the refused case). */
export function livePrimarySites(sides: readonly LiveSide[]): string[] {
  return sides.filter((s) => s.live.state === "present" && claimsPrimary(s.live.object)).map((s) => s.site);
}

/** `current primary site-a (context …) → new primary site-b (context …)`. */
export function primaryChange(sw: Switchover): string {
  const from = sw.from.map(describeSide).join(", ");
  return `${sw.kind === "primary-lost" ? "lost primary" : "current primary"} ${from} → new primary ${describeSide(sw.to)}`;
}

/** The preview's header for a plan over live PostgreSQL sides, read at `at`. */
export function switchoverPreview(read: { sides: readonly LiveSide[]; decision: SwitchoverDecision }, at: Date): string {
  const d = read.decision;
  const lines = [`Live Clusters read at ${at.toISOString()}:`, ...liveStatusLines(read.sides).map((l) => `  ${l}`)];
  if (d.kind === "switch") {
    const sw = d.switchover;
    lines.push(`A deploy switches over before this plan: ${primaryChange(sw)}`);
    for (const s of sw.steps) lines.push(`  ${s.id} ${s.action}${s.afterPlan ? " (after the plan)" : ""}: ${s.description}`);
    if (sw.risk) lines.push(`RISK: ${sw.risk}`);
  } else if (d.kind === "refused") {
    lines.push(`A deploy writes nothing: switchover refused: ${d.reason}`);
  } else {
    lines.push("No switchover: the live primary is the file's (or nothing is deployed yet).");
  }
  lines.push(...d.notes.map((n) => `note: ${n}`));
  return lines.map((l) => `# ${l}`.trimEnd()).join("\n") + "\n";
}
