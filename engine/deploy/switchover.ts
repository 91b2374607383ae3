// Switchover of a failover PostgreSQL, decided from the live Clusters and the plan of the topology
// file: when the live primary is not the file's, the deploy first runs CloudNativePG's controlled
// sequence (demote, demotion token, promote with it, the old side follows). Pure: the runner
// (switchover-run.ts) does the reading and writing. docs/failover-postgresql.md explains each guard.
import { claimsPrimary, describeSide, specOf, usesReplicaEnabled, type LiveSide } from "./postgres-live";
import type { KubeObject, Plan } from "./plan";

/** Marks a side promoted without its old primary's token: the sides named must rejoin as replicas. */
export const REJOIN_ANNOTATION = "harmony.nationtech.io/rejoin-as-replica";

/** Set on a Cluster Harmony demoted, naming the side it was demoted for, until the plan's apply settles it. */
export const DEMOTED_ANNOTATION = "harmony.nationtech.io/demoted-for";

export type SwitchoverAction = "demote" | "wait-demotion-token" | "promote" | "wait-promoted" | "wait-following";

export interface SwitchoverStep {
  id: string;
  action: SwitchoverAction;
  /** The side acted on (its external cluster name). */
  entry: string;
  description: string;
  /** Runs after the deploy plan's own steps, once the new primary's address and certificates are in place. */
  afterPlan?: boolean;
}

export type SwitchoverKind =
  /** The file's primary is a live replica: demote the live primary, promote with its token. */
  | "switchover"
  /** An earlier switchover stopped between demote and promote: promote with the token it left. */
  | "resume"
  /** An earlier switchover stopped after demoting the file's primary, before anything was promoted: promote it back. */
  | "revert"
  /** The live primary cannot be reached and the user chose to promote without its token. */
  | "primary-lost"
  /** A side that was lost came back claiming primary while another was promoted without it: it becomes a replica. */
  | "rejoin";

export interface Switchover {
  kind: SwitchoverKind;
  /** The sides that stop being primary (or were lost), and the side that becomes primary. */
  from: LiveSide[];
  to: LiveSide;
  steps: SwitchoverStep[];
  /** What the user accepts by going on; set for the paths that can lose writes. */
  risk?: string;
}

export type SwitchoverDecision =
  | { kind: "none"; notes: string[] }
  | { kind: "switch"; switchover: Switchover; notes: string[] }
  | { kind: "refused"; reason: string; notes: string[] };

export interface SwitchoverOptions {
  /** The user chose the lost-primary path: promote without a demotion token. */
  primaryLost?: boolean;
}

const present = (s: LiveSide): KubeObject | undefined => (s.live.state === "present" ? s.live.object : undefined);

/** `current primary → new primary` as the preview, modal and CLI say it. */
export function headline(sw: Switchover): string {
  const from = sw.from.map((s) => s.site).join(", ");
  const verb = { switchover: "switchover", resume: "resume switchover", revert: "revert an unfinished switchover", "primary-lost": "FAILOVER (primary lost)", rejoin: "rejoin as replica" }[sw.kind];
  return `${verb}: ${from} → ${sw.to.site}`;
}

function steps(sw: Omit<Switchover, "steps">, lost: boolean, skipDemote: boolean): SwitchoverStep[] {
  const out: Omit<SwitchoverStep, "id">[] = [];
  const to = sw.to;
  for (const old of sw.from) {
    if (lost || sw.kind === "revert") continue;
    if (!skipDemote) {
      out.push({ action: "demote", entry: old.entry, description: `demote ${describeSide(old)}: replica.primary = ${to.entry}` });
    }
    if (sw.kind !== "rejoin") {
      out.push({ action: "wait-demotion-token", entry: old.entry, description: `wait until ${old.site} reports status.demotionToken` });
    }
  }
  if (sw.kind !== "rejoin") {
    const how = lost ? "WITHOUT a demotion token (primary lost)" : sw.kind === "revert" ? "back (nothing else was promoted: no token needed)" : `with ${sw.from[0].site}'s demotion token`;
    out.push({ action: "promote", entry: to.entry, description: `promote ${describeSide(to)}: replica.primary = ${to.entry}, ${how}` });
    out.push({ action: "wait-promoted", entry: to.entry, description: `wait until ${to.site} reports itself primary` });
  }
  for (const old of sw.from) {
    if (lost) continue;
    out.push({ action: "wait-following", entry: old.entry, description: `confirm ${old.site} follows ${to.site} (replica.primary = ${to.entry}, healthy)`, afterPlan: true });
  }
  return out.map((s, i) => ({ id: `w${i + 1}`, ...s }));
}

function make(kind: SwitchoverKind, from: LiveSide[], to: LiveSide, o: { lost?: boolean; skipDemote?: boolean; risk?: string } = {}): Switchover {
  const base = { kind, from, to, ...(o.risk ? { risk: o.risk } : {}) };
  return { ...base, steps: steps(base, !!o.lost, !!o.skipDemote) };
}

/**
 * What a deploy must do before applying the plan so that exactly one side is primary, and it is the
 * file's: nothing, a switchover sequence, or a refusal that says why and how to recover.
 */
export function decideSwitchover(sides: readonly LiveSide[], opts: SwitchoverOptions = {}): SwitchoverDecision {
  const notes = sides
    .filter((s) => present(s) && usesReplicaEnabled(present(s)!))
    .map((s) => `${describeSide(s)} uses replica.enabled: this deploy migrates it to the distributed topology (replica.primary/self/source)`);
  const target = sides.find((s) => s.role === "primary");
  if (!target || sides.every((s) => s.live.state === "absent")) return { kind: "none", notes };
  const refuse = (reason: string): SwitchoverDecision => ({ kind: "refused", reason, notes });
  const reachable = sides.filter((s) => s.live.state === "present");
  const unreachable = sides.filter((s) => s.live.state === "unreachable");
  const primaries = reachable.filter((s) => claimsPrimary(present(s)!));
  if (target.live.state === "unreachable") {
    // Nothing readable claims primary: the plan only writes what the file already says, and its
    // summary tells which sides it could not reach. A readable primary elsewhere would be demoted blind.
    if (!primaries.length) return { kind: "none", notes: [...notes, `${describeSide(target)} cannot be read (${target.live.reason}); the plan runs and reports what it could not apply`] };
    return refuse(`the file's primary ${describeSide(target)} cannot be read (${target.live.reason}) while ${primaries.map(describeSide).join(", ")} claims primary; nothing was changed. Deploy again when it answers.`);
  }
  const rejoin = (present(target)?.metadata.annotations?.[REJOIN_ANNOTATION] ?? "").split(",").filter(Boolean);

  if (primaries.length > 1) {
    const others = primaries.filter((s) => s !== target);
    if (primaries.includes(target) && others.every((s) => rejoin.includes(s.entry))) {
      // The lost primary is back and still thinks it is primary: its writes since the failover are
      // the data-loss risk the user accepted; it is demoted without waiting for a token.
      return { kind: "switch", switchover: make("rejoin", others, target), notes };
    }
    const names = primaries.map(describeSide).join(" and ");
    return refuse(
      `${names} both claim to be primary (replica.primary names itself on each); nothing was changed. ` +
        `Both may have taken writes. Decide which side's data to keep, stop the applications writing to the other, ` +
        `then make the other a replica: name the side to keep as primary in the topology file and set replica.primary ` +
        `to that side's name (${primaries.map((s) => s.entry).join(" or ")}) on the other side's Cluster, then deploy again.`,
    );
  }
  if (primaries.length === 1 && primaries[0] === target) return { kind: "none", notes };

  const targetLive = present(target);
  if (primaries.length === 1) {
    const old = primaries[0];
    if (!targetLive) return refuse(`${describeSide(target)} has no Cluster to promote; deploy it as a replica of ${old.site} first (name ${old.site} primary in the file), then switch over.`);
    return { kind: "switch", switchover: make("switchover", [old], target), notes };
  }

  // No reachable side claims primary.
  if (unreachable.length) {
    const lost = unreachable.map(describeSide).join(", ");
    if (!opts.primaryLost) {
      return refuse(
        `${lost} cannot be read (${unreachable.map((s) => (s.live.state === "unreachable" ? s.live.reason : "")).join("; ")}), and a switchover needs ` +
          `the demotion token only the live primary produces; nothing was changed. If that primary is lost for good, run the ` +
          `failover (primary lost) path — \`harmony switchover --primary-lost\` — which promotes ${target.site} without a token: ` +
          `writes the lost primary had not yet streamed to ${target.site} are lost.`,
      );
    }
    if (!targetLive) return refuse(`${describeSide(target)} has no Cluster to promote.`);
    return {
      kind: "switch",
      switchover: make("primary-lost", unreachable, target, {
        lost: true,
        risk:
          `${target.site} is promoted without ${unreachable.map((s) => s.site).join(", ")}'s demotion token: every write the lost primary ` +
          `accepted and had not streamed to ${target.site} is lost, and if it comes back it still claims primary until the next ` +
          `deploy makes it rejoin as a replica of ${target.site} (its diverged writes discarded).`,
      }),
      notes,
    };
  }
  if (!targetLive) return { kind: "none", notes };
  const demotedFor = (s: LiveSide) => present(s)?.metadata.annotations?.[DEMOTED_ANNOTATION];
  const demotedToward = reachable.filter((s) => s !== target && demotedFor(s) === target.entry);
  if (demotedToward.length === 1) {
    return { kind: "switch", switchover: make("resume", demotedToward, target, { skipDemote: true }), notes };
  }
  // The file's primary was demoted by a switchover the file no longer asks for, and the side it was
  // demoted for never took over: it still holds the latest writes, so it takes them back, no token.
  const meantFor = reachable.find((s) => s !== target && s.entry === demotedFor(target));
  if (meantFor) {
    return { kind: "switch", switchover: make("revert", [meantFor], target), notes };
  }
  return refuse(
    `no side claims to be primary (${reachable.map((s) => `${s.site}: replica.primary = ${specOf(present(s)!).replica?.primary ?? "unset"}`).join("; ")}), ` +
      `and no demotion token says which is most recent; nothing was changed. Set replica.primary on ${target.site}'s Cluster to ${target.entry} once you know it holds the latest data, then deploy again.`,
  );
}

/** Existing Clusters keep the bootstrap they were created with: CloudNativePG reads it only once. */
export function withLiveBootstrap(desired: KubeObject, live: KubeObject | undefined): KubeObject {
  if (!live) return desired;
  const spec = { ...(desired.spec as Record<string, unknown>) };
  const bootstrap = (live.spec as Record<string, unknown> | undefined)?.bootstrap;
  if (bootstrap === undefined) delete spec.bootstrap;
  else spec.bootstrap = bootstrap;
  return { ...desired, spec };
}

/**
 * The plan as applied over live Clusters: each keeps its live bootstrap, and a side promoted without
 * its old primary's token keeps its rejoin mark until the lost side has rejoined.
 */
export function livePlan(plan: Plan, sides: readonly LiveSide[], decision: SwitchoverDecision): Plan {
  const live = new Map(sides.map((s) => [s.desired, s]));
  const sw = decision.kind === "switch" ? decision.switchover : undefined;
  const rejoinOf = (s: LiveSide): string | undefined => {
    if (s.role !== "primary" || sw?.kind === "rejoin") return undefined;
    if (sw?.kind === "primary-lost") return sw.from.map((f) => f.entry).join(",");
    return present(s)?.metadata.annotations?.[REJOIN_ANNOTATION];
  };
  const adapt = (o: KubeObject): KubeObject => {
    const s = live.get(o);
    if (!s) return o;
    const c = withLiveBootstrap(o, present(s));
    const rejoin = rejoinOf(s);
    return rejoin ? { ...c, metadata: { ...c.metadata, annotations: { ...(c.metadata.annotations ?? {}), [REJOIN_ANNOTATION]: rejoin } } } : c;
  };
  return { ...plan, steps: plan.steps.map((step) => ({ ...step, objects: step.objects.map(adapt) })) };
}

type Entry = { name: string; connectionParameters?: Record<string, string> };

/** External clusters whose address is not known yet are named only; the plan fills them in later. */
function knownEntries(entries: Entry[]): Entry[] {
  return entries.map((e) => (JSON.stringify(e).includes("$(harmony:") ? { name: e.name } : e));
}

/** The old primary's Cluster, demoted: the file's replica manifest, with what is not known yet left out. */
export function demotedCluster(side: LiveSide, newPrimary: string): KubeObject {
  const c = withLiveBootstrap(side.desired, present(side)) as KubeObject & { spec: Record<string, any> };
  c.spec.replica = { primary: newPrimary, self: side.entry, source: newPrimary };
  c.metadata = { ...c.metadata, annotations: { ...(c.metadata.annotations ?? {}), [DEMOTED_ANNOTATION]: newPrimary } };
  c.spec.externalClusters = knownEntries(c.spec.externalClusters ?? []);
  return c;
}

/**
 * The new primary's Cluster, promoted: the file's primary manifest, but still streaming from where
 * it streams now until the promotion is done (a token is honoured only once the replica has
 * replayed up to it), and with the demotion token when there is one.
 */
export function promotedCluster(side: LiveSide, token: string | undefined, rejoin: string[] = []): KubeObject {
  const live = present(side);
  const c = withLiveBootstrap(side.desired, live) as KubeObject & { spec: Record<string, any> };
  const liveSpec = (live?.spec ?? {}) as Record<string, any>;
  const liveEntries: Entry[] = liveSpec.externalClusters ?? [];
  const names = new Set(liveEntries.map((e) => e.name));
  c.spec.externalClusters = [...liveEntries, ...(c.spec.externalClusters as Entry[]).filter((e) => !names.has(e.name))];
  c.spec.replica = { primary: side.entry, self: side.entry, source: liveSpec.replica?.source ?? c.spec.replica.source, ...(token ? { promotionToken: token } : {}) };
  if (rejoin.length) c.metadata = { ...c.metadata, annotations: { ...(c.metadata.annotations ?? {}), [REJOIN_ANNOTATION]: rejoin.join(",") } };
  return c;
}
