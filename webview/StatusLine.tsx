import type { Graph } from "../shared/diagram/graph";
import type { TopologyModel } from "../shared/model";
import { VscodeButton } from "./controls";

/** The line under the canvas: what the file holds, how many problems, and the drawing's actions. */
export function StatusLine({ model, graph, onRelayout, onExport }: { model?: TopologyModel; graph?: Graph; onRelayout: () => void; onExport: (format: "svg" | "png") => void }) {
  return (
    <footer className="status-line" data-testid="status-line" role="status">
      <span data-testid="node-count">
        {model ? `${model.topologies.length} topologies · ${model.scores.length} scores · ${model.deployments.length} deployments` : "Waiting for the language server…"}
      </span>
      <span data-testid="problem-count" data-errors={graph?.errorCount ?? 0} className={graph?.errorCount ? "has-errors" : ""}>
        {graph ? `${graph.errorCount} ${graph.errorCount === 1 ? "problem" : "problems"}${graph.warningCount ? `, ${graph.warningCount} warnings` : ""}` : ""}
      </span>
      <span className="spacer" />
      <VscodeButton secondary data-testid="action-relayout" onClick={onRelayout} title="Lay out every node again (forgets dragged positions)">
        Auto layout
      </VscodeButton>
      <VscodeButton secondary data-testid="action-export-svg" onClick={() => onExport("svg")}>
        Export SVG
      </VscodeButton>
      <VscodeButton secondary data-testid="action-export-png" onClick={() => onExport("png")}>
        Export PNG
      </VscodeButton>
    </footer>
  );
}
