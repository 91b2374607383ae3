import type { Capability } from "./capabilities";
import type { SourceLocation } from "./source";

/** A spec value as read statically from source. `Unevaluated` marks what could not be read. */
export type SpecValue =
  | string
  | number
  | boolean
  | null
  | SpecValue[]
  | { [key: string]: SpecValue }
  | Unevaluated;

export interface Unevaluated {
  $unevaluated: string;
}

export function isUnevaluated(v: unknown): v is Unevaluated {
  return typeof v === "object" && v !== null && "$unevaluated" in v;
}

export type SpecObject = { [key: string]: SpecValue };

/**
 * What topologies and scores have alike. The `id` is unique across the model: the exported const's
 * name for a declaration in the model's own file, `<file>#<const>` for one imported from another
 * file, `<owner>.<slot>` for one written inline (a failover's `primary`/`replica`, a deployment's
 * `score`); see ./ids, which builds and parses them.
 */
export interface Declaration {
  id: string;
  /** The `name` field of its spec. */
  name: string;
  /** Factory name (`k8sAnywhere`, `postgres`…) or the `kind` of a user-defined one. */
  kind: string;
  /** True for `defineTopology` / `defineScore` kinds. */
  userDefined: boolean;
  /** The const that holds it, when it has one. */
  constName?: string;
  spec: SpecObject;
  /** Where it is declared (the factory call). */
  location: SourceLocation;
  /** Where its const name is, for go-to and rename; the call's location if it has none. */
  nameLocation: SourceLocation;
  /** True when it is declared in another file than the model's. */
  external: boolean;
  /** True when it is written inline in another's call (a failover's side, a deployment's argument), not as a const of its own. */
  inline?: boolean;
  /** For an inline one: the id of the topology or deployment it is written in. */
  owner?: string;
}

/** A topology: where things run. */
export interface Topology extends Declaration {
  /** Capabilities provided, as computed from the types. */
  capabilities: Capability[];
  /** For failover: the ids of its sides. */
  primary?: string;
  replica?: string;
  /** For multisite: the ids of its sites, the first one primary (an empty string where a site cannot be resolved). */
  sites?: string[];
}

/** A score: what runs. */
export interface Score extends Declaration {
  /** Capabilities required. */
  requires: Capability[];
}

/** `deploy(topology, score)`: one score on one topology. Its id is its const name. */
export interface Deployment {
  id: string;
  constName?: string;
  /** Topology id, or undefined when the argument cannot be resolved. */
  topology?: string;
  /** Score id, or undefined when the argument cannot be resolved. */
  score?: string;
  /** Capabilities the score requires that the topology does not provide. Empty when it can run. */
  missing: Capability[];
  location: SourceLocation;
  nameLocation: SourceLocation;
  /** Location of the topology argument and of the score argument in the `deploy` call. */
  topologyArgument?: SourceLocation;
  scoreArgument?: SourceLocation;
}

/** Everything one topology file declares, plus what it references from other files. */
export interface TopologyModel {
  /** Absolute path of the file. */
  file: string;
  topologies: Topology[];
  scores: Score[];
  deployments: Deployment[];
  /** Capabilities known (built-in and declared by users), with whether failover has a strategy. */
  capabilities: { name: Capability; failover: boolean }[];
}

export function emptyModel(file: string): TopologyModel {
  return { file, topologies: [], scores: [], deployments: [], capabilities: [] };
}
