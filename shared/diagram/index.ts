import type { TopologyDiagnostic, TopologyModel } from "../model";
import { diffLegend, type ModelDiff } from "./diff";
import { buildGraph, type GraphEdge } from "./graph";
import { layered } from "./layout";
import { renderSvg, type DiagramOptions } from "./svg";
import type { DiagramTheme } from "./theme";

export { buildGraph, type Graph } from "./graph";
export { layered, layoutGraph, type Point } from "./layout";
export { renderSvg, type DiagramOptions, type GhostEdge, type Legend, type Mark, type Tone } from "./svg";
export { darkTheme, lightTheme, themes, type DiagramTheme, type ThemeName } from "./theme";

/** A model drawn as the canvas draws it on first open (the automatic layout), as SVG. */
export async function modelSvg(model: TopologyModel, diagnostics: TopologyDiagnostic[], options: DiagramOptions): Promise<string> {
  const graph = buildGraph(model, diagnostics);
  return renderSvg(graph, await layered(graph), options);
}

/**
 * The picture of a diff, `against` naming the older version. The old place of a moved deployment
 * counts in the layout, so the old and new topologies are drawn side by side, not across the edge.
 */
export async function diffSvg(diff: ModelDiff, diagnostics: TopologyDiagnostic[], against: string, theme: DiagramTheme): Promise<string> {
  const graph = buildGraph(diff.merged, diagnostics);
  // The layout reads only an edge's ends.
  const ghosts = diff.ghostEdges.map((g, i) => ({ id: `ghost-${i}`, source: g.source, target: g.target }) as GraphEdge);
  const positions = await layered({ ...graph, edges: [...graph.edges, ...ghosts] });
  return renderSvg(graph, positions, {
    theme,
    nodeMarks: diff.nodeMarks,
    edgeMarks: diff.edgeMarks,
    ghostEdges: diff.ghostEdges,
    legend: diffLegend(against),
  });
}
