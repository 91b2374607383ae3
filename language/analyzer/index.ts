/**
 * The topology analyzer: `*.topology.ts` files -> TopologyModel + diagnostics, with the
 * TypeScript compiler API. Nothing in a topology file is ever run.
 *
 * - `analyzeFiles(paths)` for one-shot use (CLI, deploy planner, bond differ): a plain program.
 * - `TopologyWorkspace` for the language server: overlays, incremental re-checks.
 * Both analyse each file the same way (`analysis.ts`) and say the same thing about it.
 */
export { analyzeFiles } from "./one-shot";
export { TopologyWorkspace } from "./workspace";
export type { Analysis, DetailedAnalysis } from "./analysis";
export type { AnalyzerOptions } from "./host";
export { LIBRARY_MODULE, findLibraryFolder } from "./paths";
export { CapabilityReader, type TypeFacts } from "./types";
export type { ModelFacts, DeploymentFacts, TopologyFacts, ScoreFacts } from "./read-model";
