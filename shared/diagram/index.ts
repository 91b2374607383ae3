import type { TopologyDiagnostic, TopologyModel } from "../model";
import { buildGraph } from "./graph";
import { layered } from "./layout";
import { renderSvg, type DiagramOptions } from "./svg";

export { buildGraph, type Graph } from "./graph";
export { layered, layoutGraph, type Point } from "./layout";
export { renderSvg, type DiagramOptions, type GhostEdge, type Legend, type Mark, type Tone } from "./svg";
export { darkTheme, lightTheme, themes, type DiagramTheme, type ThemeName } from "./theme";

/** A model drawn as the canvas draws it on first open (the automatic layout), as SVG. */
export async function modelSvg(model: TopologyModel, diagnostics: TopologyDiagnostic[], options: DiagramOptions): Promise<string> {
  const graph = buildGraph(model, diagnostics);
  return renderSvg(graph, await layered(graph), options);
}
