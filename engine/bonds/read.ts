// NodeNetworkStates from YAML text: single objects, `List`s as `kubectl get nns -o yaml` writes
// them, several documents in one file. Objects of other kinds are passed over.
import { LineCounter, parseAllDocuments } from "yaml";
import { excerpt, type NodeNetworkState } from "../../shared/model";
import type { NodeAddresses } from "./lockout";
import { checkNodeNetworkState } from "./nns-schema";

/**
 * NodeNetworkStates read from files or a cluster; from a cluster, the Nodes' InternalIPs too, or
 * in `notes` why they could not be read (the lockout check then goes without them).
 */
export type NodeNetworkStatesRead =
  | { ok: true; states: NodeNetworkState[]; nodes?: NodeAddresses[]; notes?: string[] }
  | { ok: false; error: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads the NodeNetworkStates in `text`; `file` names it in errors (`file:line:column: …`). */
export function readNodeNetworkStates(text: string, file: string): NodeNetworkStatesRead {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const states: NodeNetworkState[] = [];
  const otherKinds = new Set<string>();
  for (const doc of docs) {
    const problem = doc.errors[0];
    if (problem) {
      const { line, col } = lines.linePos(problem.pos[0]);
      const reason = problem.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
      return { ok: false, error: `${file}:${line}:${col}: malformed YAML: ${reason}` };
    }
    const value: unknown = doc.toJS({ maxAliasCount: 1000 });
    const objects = isRecord(value) && Array.isArray(value.items) ? value.items : [value];
    for (const [i, o] of objects.entries()) {
      if (o === null || o === undefined) continue;
      if (!isRecord(o)) {
        const at = lines.linePos((doc.contents?.range ?? doc.range)[0]).line;
        return { ok: false, error: `${file}:${at}: expected a Kubernetes object, found ${Array.isArray(o) ? "a list" : excerpt(o)}` };
      }
      if (o.kind !== "NodeNetworkState") {
        otherKinds.add(o.kind === undefined ? "object without kind" : typeof o.kind === "string" ? o.kind.slice(0, 80) : excerpt(o.kind));
        continue;
      }
      const meta = o.metadata;
      const at = lines.linePos((doc.contents?.range ?? doc.range)[0]).line;
      const item = objects.length > 1 ? `item ${i + 1} ` : "";
      if (!isRecord(meta) || typeof meta.name !== "string") {
        return { ok: false, error: `${file}:${at}: NodeNetworkState ${item}has no metadata.name` };
      }
      const checked = checkNodeNetworkState(o);
      if (!checked.ok) return { ok: false, error: `${file}:${at}: NodeNetworkState ${item}${excerpt(meta.name)} is malformed: ${checked.error}` };
      states.push(checked.state);
    }
  }
  if (states.length === 0) {
    const kinds = [...otherKinds];
    const found = kinds.length ? `found ${kinds.slice(0, 5).join(", ")}${kinds.length > 5 ? ` and ${kinds.length - 5} other kinds` : ""}` : "it is empty";
    return { ok: false, error: `${file}: no NodeNetworkState in it (${found}); \`kubectl get nns -o yaml\` writes them` };
  }
  return { ok: true, states };
}
