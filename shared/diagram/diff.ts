import type { Deployment, Score, Topology, TopologyModel } from "../model";
import { deploymentNodeId } from "../model/ids";
import type { GhostEdge, Legend, Mark } from "./svg";

/**
 * Two versions of a topology file as one picture: everything of both, each topology, score and
 * deployment marked added, removed, changed (with the fields that changed) or, for a deployment
 * now on another topology, moved. Things are matched by id (their const name), so a rename reads
 * as one removed and one added.
 */

export type ChangeKind = "added" | "removed" | "changed" | "moved";

export interface Change {
  subject: "topology" | "score" | "deployment";
  id: string;
  /** The name the file gives it (`name:`), or the deployment's const name. */
  name: string;
  kind: string;
  change: ChangeKind;
  /** For a change: the fields that differ. For a move: the old and new topology names. */
  fields?: string[];
  from?: string;
  to?: string;
}

export interface ModelDiff {
  /** Everything of both versions, for drawing: the later version's, then what it no longer has. */
  merged: TopologyModel;
  changes: Change[];
  nodeMarks: Map<string, Mark>;
  edgeMarks: Map<string, Mark>;
  ghostEdges: GhostEdge[];
}

export function diffModels(before: TopologyModel, after: TopologyModel): ModelDiff {
  const changes: Change[] = [];
  const nodeMarks = new Map<string, Mark>();
  const edgeMarks = new Map<string, Mark>();
  const ghostEdges: GhostEdge[] = [];

  const declarations = <T extends Topology | Score>(subject: "topology" | "score", old: T[], now: T[], fieldsOf: (a: T, b: T) => string[]): T[] => {
    const oldById = new Map(old.map((x) => [x.id, x]));
    const nowIds = new Set(now.map((x) => x.id));
    for (const x of now) {
      const was = oldById.get(x.id);
      if (!was) {
        changes.push({ subject, id: x.id, name: x.name, kind: x.kind, change: "added" });
        nodeMarks.set(x.id, { tone: "added" });
        continue;
      }
      const fields = fieldsOf(was, x);
      if (fields.length) {
        changes.push({ subject, id: x.id, name: x.name, kind: x.kind, change: "changed", fields });
        nodeMarks.set(x.id, { tone: "changed", note: fields.join(", ") });
      }
    }
    const gone = old.filter((x) => !nowIds.has(x.id));
    for (const x of gone) {
      changes.push({ subject, id: x.id, name: x.name, kind: x.kind, change: "removed" });
      nodeMarks.set(x.id, { tone: "removed" });
    }
    return gone;
  };

  const topologies = [...after.topologies, ...declarations("topology", before.topologies, after.topologies, topologyFields)];
  const scores = [...after.scores, ...declarations("score", before.scores, after.scores, scoreFields)];

  const nameOf = (id: string | undefined) => topologies.find((t) => t.id === id)?.name ?? id ?? "?";
  const oldDeployments = new Map(before.deployments.map((d) => [d.id, d]));
  const nowDeployments = new Set(after.deployments.map((d) => d.id));
  for (const d of after.deployments) {
    const was = oldDeployments.get(d.id);
    const edge = deploymentNodeId(d.id);
    const name = d.constName ?? d.id;
    if (!was) {
      changes.push({ subject: "deployment", id: d.id, name, kind: "deploy", change: "added" });
      edgeMarks.set(edge, { tone: "added" });
    } else if (was.topology !== d.topology) {
      const from = nameOf(was.topology);
      const to = nameOf(d.topology);
      changes.push({ subject: "deployment", id: d.id, name, kind: "deploy", change: "moved", from, to });
      edgeMarks.set(edge, { tone: "changed", note: `moved from ${from}` });
      if (was.topology && was.score) ghostEdges.push({ source: was.topology, target: was.score, tone: "removed" });
    } else if (was.score !== d.score) {
      changes.push({ subject: "deployment", id: d.id, name, kind: "deploy", change: "changed", fields: ["score"] });
      edgeMarks.set(edge, { tone: "changed", note: "score" });
    }
  }
  const goneDeployments: Deployment[] = [];
  for (const d of before.deployments) {
    if (nowDeployments.has(d.id)) continue;
    changes.push({ subject: "deployment", id: d.id, name: d.constName ?? d.id, kind: "deploy", change: "removed" });
    edgeMarks.set(deploymentNodeId(d.id), { tone: "removed" });
    // A deployment that is gone is not rejected any more: only its removal is drawn.
    goneDeployments.push({ ...d, missing: [] });
  }

  const capabilities = new Map([...before.capabilities, ...after.capabilities].map((c) => [c.name, c]));
  const merged: TopologyModel = {
    file: after.file,
    topologies,
    scores,
    deployments: [...after.deployments, ...goneDeployments],
    capabilities: [...capabilities.values()],
  };
  return { merged, changes, nodeMarks, edgeMarks, ghostEdges };
}

/** The legend of a diff picture; `against` names the older version. */
export function diffLegend(against: string): Legend {
  return {
    title: `Changes since ${against}:`,
    entries: [
      { tone: "added", label: "added" },
      { tone: "removed", label: "removed" },
      { tone: "changed", label: "changed or moved" },
    ],
  };
}

function topologyFields(a: Topology, b: Topology): string[] {
  const fields = specFields(a, b);
  for (const side of ["primary", "replica"] as const) if (a[side] !== b[side] && !fields.includes(side)) fields.push(side);
  if (!sameList(a.capabilities, b.capabilities)) fields.push("capabilities");
  return fields;
}

function scoreFields(a: Score, b: Score): string[] {
  const fields = specFields(a, b);
  if (!sameList(a.requires, b.requires)) fields.push("requires");
  return fields;
}

function specFields(a: Topology | Score, b: Topology | Score): string[] {
  const fields: string[] = [];
  if (a.kind !== b.kind) fields.push("kind");
  const keys = [...new Set([...Object.keys(a.spec), ...Object.keys(b.spec)])].sort();
  for (const k of keys) if (canonical(a.spec[k]) !== canonical(b.spec[k])) fields.push(k);
  return fields;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join("\0") === [...b].sort().join("\0");
}

/** JSON with sorted keys: two spec values are the same when they read the same. */
function canonical(v: unknown): string {
  if (v === undefined) return "";
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}
