// The live sides of a failover PostgreSQL, read before a deploy, a what-if or a plan preview: the
// read decides the switchover, and which side claimed primary is kept, with the time of the read,
// for the designer's badge.
import type * as vscode from "vscode";
import type { Plan } from "../../engine/deploy/plan";
import type { Kube } from "../../engine/deploy/kube";
import type { SwitchoverDecision } from "../../engine/deploy/switchover";
import type { LiveSide } from "../../engine/deploy/postgres-live";
import type { HarmonyContext } from "../context";
import { kubeEngine } from "../kube";

export interface LiveRead {
  sides: LiveSide[];
  decision: SwitchoverDecision;
  at: Date;
}

/** Reads the plan's PostgreSQL sides (undefined when it has none) and records the live primary. */
export async function readLivePrimary(
  ctx: HarmonyContext,
  file: vscode.Uri,
  plan: Plan,
  kube: Kube,
  opts: { signal?: AbortSignal; primaryLost?: boolean } = {},
): Promise<LiveRead | undefined> {
  const { postgresSides, readSwitchover, livePrimarySites } = kubeEngine();
  if (!postgresSides(plan).length) return undefined;
  const at = new Date();
  const read = await readSwitchover(plan, kube, opts);
  // A read that reached no side says nothing about which one is primary: the last answer stands.
  if (read.sides.some((s) => s.live.state !== "unreachable")) {
    const sites = livePrimarySites(read.sides);
    ctx.log.info(`${plan.deployment}: live primary at ${at.toISOString()}: ${sites.join(" and ") || "none"}`);
    await ctx.deployStatus.recordLivePrimary(file, plan.deployment, sites, at);
  }
  return { ...read, at };
}

/** After a switchover that finished, its new primary is the live one (its last wait read it so). */
export async function recordSwitchedTo(ctx: HarmonyContext, file: vscode.Uri, deployment: string, site: string): Promise<void> {
  await ctx.deployStatus.recordLivePrimary(file, deployment, [site]);
}
