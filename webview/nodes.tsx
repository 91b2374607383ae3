import { memo } from "react";
import { Handle, Position, type NodeProps, type Node, BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps, type Edge } from "@xyflow/react";
import type { DeploymentEdgeData, FailoverData, ScoreData, TopologyData } from "../shared/diagram/graph";
import { SIZES } from "../shared/diagram/graph";
import { PLAN_MARK_TEXT } from "./flow";
import { SideActions } from "./SideActions";

// Node components are small pure functions of their data, memoised (React Flow's own advice): a
// redraw or a drag re-renders only the boxes whose data or selection changed.

const Chips = memo(function Chips({ items, kind }: { items: string[]; kind: "provides" | "requires" }) {
  return (
    <ul className={`chips chips-${kind}`} aria-label={kind === "provides" ? "provides" : "requires"}>
      {items.map((c) => (
        <li key={c} className="chip">
          {c}
        </li>
      ))}
    </ul>
  );
});

/** Icon, name and kind: the first line of every box. */
const NodeTitle = memo(function NodeTitle({ icon, name, kind }: { icon: string; name: string; kind: string }) {
  return (
    <div className="node-title">
      <span className="icon" aria-hidden="true">
        {icon}
      </span>
      <span className="name">{name}</span>
      <span className="kind">{kind}</span>
    </div>
  );
});

export const TopologyNode = memo(function TopologyNode({ data, selected }: NodeProps<Node<TopologyData>>) {
  const t = data.topology;
  return (
    <div
      className={`node topology${selected ? " selected" : ""}${data.problems.length ? " has-problems" : ""}`}
      data-testid={`node-${t.id}`}
      data-kind={t.kind}
      title={data.problems.join("\n") || undefined}
    >
      <NodeTitle icon={data.icon} name={t.name} kind={t.kind} />
      <Chips items={t.capabilities} kind="provides" />
      <Handle type="source" position={Position.Right} className="handle" aria-label={`deploy on ${t.name}`} />
    </div>
  );
});

export const FailoverNode = memo(function FailoverNode({ data, selected }: NodeProps<Node<FailoverData>>) {
  const t = data.topology;
  return (
    <div
      className={`node failover${selected ? " selected" : ""}${data.problems.length ? " has-problems" : ""}`}
      data-testid={`node-${t.id}`}
      data-kind={t.kind}
      title={data.problems.join("\n") || undefined}
    >
      <NodeTitle icon={data.icon} name={t.name} kind={t.kind} />
      <Chips items={t.capabilities} kind="provides" />
      {data.slots.map((s) => (
        <div
          key={s.site ?? s.side}
          className={`slot${s.childId ? "" : " slot-empty"}`}
          data-testid={`slot-${t.id}-${s.site === undefined ? s.side : `site${s.site}`}`}
          style={{ left: s.x, top: s.y, width: s.width, height: s.height }}
        >
          <span className="slot-label">{s.side}</span>
          <SideActions group={t} slot={s} />
          {s.note && <span className="slot-note">{s.note}</span>}
        </div>
      ))}
      <Handle type="source" position={Position.Right} className="handle" aria-label={`deploy on ${t.name}`} />
    </div>
  );
});

export const ScoreNode = memo(function ScoreNode({ data, selected }: NodeProps<Node<ScoreData>>) {
  const s = data.score;
  const rejected = data.rejections.length > 0;
  return (
    <div
      className={`node score${selected ? " selected" : ""}${rejected ? " rejected" : ""}`}
      data-testid={`node-${s.id}`}
      data-kind={s.kind}
      data-rejected={rejected ? "true" : "false"}
      title={rejected ? data.rejections.join("\n") : undefined}
      style={{ minHeight: SIZES.score.height }}
    >
      <Handle type="target" position={Position.Left} className="handle" aria-label={`${s.name} runs on`} />
      <NodeTitle icon={data.icon} name={s.name} kind={s.kind} />
      <Chips items={s.requires} kind="requires" />
      {rejected && <span className="sr-only">{data.rejections.join(". ")}</span>}
    </div>
  );
});

export const PLAN_GLYPH = { create: "+", change: "~", unchanged: "=", apply: "↑" } as const;

const STATUS_MARK = { deployed: "✓", partial: "◐", failed: "✕", cancelled: "○" } as const;

export const DeploymentEdge = memo(function DeploymentEdge(props: EdgeProps<Edge<DeploymentEdgeData>>) {
  const [path, labelX, labelY] = getBezierPath(props);
  const rejected = props.data?.rejected ?? false;
  const id = props.data?.deployment.id ?? props.id;
  const status = props.data?.status;
  // A previewed plan is the newer news: it covers the last deploy's label until it is cleared.
  const planMark = props.data?.planMark;
  return (
    <g className={`deployment${rejected ? " rejected" : ""}`} data-testid={`edge-${id}`} data-rejected={rejected ? "true" : "false"}>
      <title>{rejected ? props.data?.message : `deployment ${id}${status ? `: last deploy ${status.summary}` : ""}`}</title>
      <BaseEdge id={props.id} path={path} markerEnd={props.markerEnd} interactionWidth={16} />
      {rejected && (
        <EdgeLabelRenderer>
          <div
            className="edge-label rejected nodrag nopan"
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={props.data?.message}
            data-testid={`edge-label-${id}`}
          >
            ✕ {props.data?.deployment.missing.join(", ")}
          </div>
        </EdgeLabelRenderer>
      )}
      {!rejected && planMark && (
        <EdgeLabelRenderer>
          <div
            className={`edge-label plan-mark ${planMark} nodrag nopan`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={`Preview Deployment Plan: ${PLAN_MARK_TEXT[planMark]}`}
            data-testid={`plan-mark-${id}`}
            data-mark={planMark}
          >
            {PLAN_GLYPH[planMark]} {planMark}
          </div>
        </EdgeLabelRenderer>
      )}
      {!rejected && !planMark && status && (
        <EdgeLabelRenderer>
          <div
            className={`edge-label deploy-status ${status.outcome} nodrag nopan`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
            title={`Last deploy, ${new Date(status.at).toLocaleString()}: ${status.summary}`}
            data-testid={`deploy-status-${id}`}
            data-outcome={status.outcome}
          >
            {STATUS_MARK[status.outcome]} {status.outcome} {new Date(status.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}
          </div>
        </EdgeLabelRenderer>
      )}
    </g>
  );
});

export const nodeTypes = { topology: TopologyNode, failover: FailoverNode, score: ScoreNode };
export const edgeTypes = { deployment: DeploymentEdge };
