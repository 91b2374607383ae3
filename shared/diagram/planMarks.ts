import type { TopologyModel } from "../model";
import type { PlanMark, PlanPreview } from "../protocol/webview";
import { edgeId } from "./graph";

/**
 * Which drawn things a deployment's plan touches, and how: the deployment's edge and its score
 * (what the deploy creates) carry the mark; the topology it runs on is where, not what, and stays
 * plain. With a what-if the mark says create / change / unchanged; without one, only "apply".
 */

/** An object of a what-if, as far as marking goes: its live side is empty when it does not exist. */
export interface ComparedObject {
  live: string;
  changed: boolean;
}

export function objectMark(o: ComparedObject): Exclude<PlanMark, "apply"> {
  return !o.live ? "create" : o.changed ? "change" : "unchanged";
}

/** A deployment's mark from its objects': all new is create, all the same is unchanged, else change. */
export function deploymentMark(objects: readonly ComparedObject[] | undefined): PlanMark {
  if (!objects) return "apply";
  const marks = new Set(objects.map(objectMark));
  return marks.size === 1 ? [...marks][0]! : marks.size === 0 ? "unchanged" : "change";
}

/** What a plan acts on: a cluster's objects, or Linux hosts' containers. */
export type PlanTargetKind = "cluster" | "hosts";

function summaryOf(objects: readonly ComparedObject[] | undefined, planned: number, on: PlanTargetKind): string {
  const noun = on === "hosts" ? "container" : "object";
  if (!objects) return `${planned} ${noun}${planned === 1 ? "" : "s"} would be applied; the ${on === "hosts" ? "hosts were" : "cluster was"} not compared`;
  const count = (m: PlanMark) => objects.filter((o) => objectMark(o) === m).length;
  return `${count("create")} to create, ${count("change")} to change, ${count("unchanged")} unchanged`;
}

/**
 * The preview of deployment `name` (const name or id) of `model`; `objects` is the what-if, absent
 * for the offline plan, `planned` the plan's object (or container) count, `on` what the plan acts on. Undefined when the model has no such deployment.
 */
export function planPreview(
  model: TopologyModel,
  name: string,
  opts: { objects?: readonly ComparedObject[]; planned: number; note?: string; on?: PlanTargetKind },
): PlanPreview | undefined {
  const d = model.deployments.find((x) => (x.constName ?? x.id) === name || x.id === name);
  if (!d) return undefined;
  const mark = deploymentMark(opts.objects);
  const marks: Record<string, PlanMark> = { [edgeId(d.id)]: mark };
  if (d.score) marks[d.score] = mark;
  return {
    deployment: d.id,
    source: opts.objects ? "live" : "offline",
    note: opts.objects ? undefined : opts.note,
    marks,
    summary: summaryOf(opts.objects, opts.planned, opts.on ?? "cluster"),
  };
}
