/**
 * The ids of a model's topologies, scores and deployments, built and taken apart in one place.
 *
 * An id is unique across one model and stable across edits that do not rename what it names, so
 * the canvas keeps positions and selections by it:
 * - `siteA`: a const of the model's own file (`callee@line` for a bare call statement, `default`
 *   for `export default`);
 * - `./sites.topology.ts#siteA`: a const of another file, by its path relative to the model's;
 * - `shop.primary`, `shop.replica`: a failover's side written inline in it; `db.topology`,
 *   `db.score`: a deployment's argument written inline in its `deploy(…)` call; slots nest
 *   (`shop.primary.replica`, `./sites.topology.ts#shop.primary`);
 * - `deployment:db`: the canvas's node and edge id of deployment `db`, apart from entity ids.
 */

/** Where an inline entity sits in the call it is written in. `owner` is a failover written inline only to take a side of it (`failover({…}).primary`). */
export type InlineSlot = "primary" | "replica" | "topology" | "score" | "owner" | `site${number}`;

/** An id taken apart. */
export interface ParsedId {
  /** The file declaring it, relative to the model's file; absent for the model's own file. */
  file?: string;
  /** The top-level const (or statement) it is written in. */
  root: string;
  /** The slots leading from that const down to it; empty for the const itself. */
  slots: string[];
}

const EXTERNAL = "#";
const INLINE = ".";
const DEPLOYMENT_NODE = "deployment:";

/** The id of a top-level const of the model's own file. */
export function constId(name: string): string {
  return name;
}

/** The id of a top-level const declared in another file, `file` relative to the model's. */
export function externalId(file: string, name: string): string {
  return `${file}${EXTERNAL}${name}`;
}

/** The id of a top-level call statement with no const: its callee and 1-based line. */
export function statementId(callee: string, line: number): string {
  return `${callee}@${line}`;
}

/** The id of `export default <call>`. */
export const DEFAULT_EXPORT_ID = "default";

/** The id of what is written inline in `owner`'s call at `slot`. */
export function inlineId(owner: string, slot: InlineSlot): string {
  return `${owner}${INLINE}${slot}`;
}

/** Takes an id apart. A const name never holds `.` or `#`, so a path with dots parses too. */
export function parseId(id: string): ParsedId {
  const hash = id.lastIndexOf(EXTERNAL);
  const file = hash >= 0 ? id.slice(0, hash) : undefined;
  const [root, ...slots] = id.slice(hash + 1).split(INLINE);
  return file === undefined ? { root, slots } : { file, root, slots };
}

/** Builds the id a {@link parseId} result came from. */
export function formatId(parsed: ParsedId): string {
  const local = [parsed.root, ...parsed.slots].join(INLINE);
  return parsed.file === undefined ? local : externalId(parsed.file, local);
}

/** True when the id names something declared in another file. */
export function isExternal(id: string): boolean {
  return parseId(id).file !== undefined;
}

/** True when the id names something written inline in another's call. */
export function isInline(id: string): boolean {
  return parseId(id).slots.length > 0;
}

/** True when the id names a top-level const of the model's own file: what canvas edits can change as a whole. */
export function isOwnTopLevel(id: string): boolean {
  const { file, slots } = parseId(id);
  return file === undefined && slots.length === 0;
}

/** The id of the entity an inline one is written in, or undefined for a top-level one. */
export function ownerOf(id: string): string | undefined {
  const parsed = parseId(id);
  if (parsed.slots.length === 0) return undefined;
  return formatId({ ...parsed, slots: parsed.slots.slice(0, -1) });
}

/** The canvas id of a deployment's edge (and the id a host uses to reveal it). */
export function deploymentNodeId(deploymentId: string): string {
  return `${DEPLOYMENT_NODE}${deploymentId}`;
}

/** The deployment id a canvas id names, or undefined when it names a topology or a score. */
export function deploymentOfNodeId(nodeId: string): string | undefined {
  return nodeId.startsWith(DEPLOYMENT_NODE) ? nodeId.slice(DEPLOYMENT_NODE.length) : undefined;
}
