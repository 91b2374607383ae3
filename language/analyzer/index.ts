/**
 * The topology analyzer: `*.topology.ts` files -> TopologyModel + diagnostics, with the
 * TypeScript compiler API. Nothing in a topology file is ever run.
 *
 * - `analyzeFiles(paths)` for one-shot use (CLI, deploy planner, bond differ).
 * - `TopologyWorkspace` for the language server: overlays, incremental re-checks.
 */
export { analyzeFiles, TopologyWorkspace, type Analysis, type DetailedAnalysis } from "./workspace";
export type { AnalyzerOptions } from "./host";
export { LIBRARY_MODULE, findLibraryFolder } from "./paths";
export { CapabilityReader, type TypeFacts } from "./types";
export type { ModelFacts, DeploymentFacts, TopologyFacts, ScoreFacts } from "./read-model";
