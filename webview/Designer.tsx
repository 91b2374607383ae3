import { ReactFlow, ReactFlowProvider, Background, Controls, MiniMap, useReactFlow, type EdgeChange, type Connection } from "@xyflow/react";
import { useCallback, useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { kindSpec, type KindSpec } from "../shared/model/kinds";
import { parseProblem, type DesignerOp, type ModelMessage } from "../shared/protocol/webview";
import { edgeId } from "../shared/diagram/graph";
import type { Point } from "../shared/diagram/layout";
import { onHostMessage, postToHost } from "./host";
import { edgeTypes, nodeTypes } from "./nodes";
import { Palette, PALETTE_MIME } from "./Palette";
import { Inspector } from "./Inspector";
import { Banners } from "./Banners";
import { StatusLine } from "./StatusLine";
import { diagramSvg, svgToPng } from "./export";
import { canvasReducer, initialCanvasState } from "./state";
import { usePositions, type Drawing } from "./usePositions";
import { flowEdges, selectedIds, withPlanMarks, type FlowEdge, type FlowNode } from "./flow";
import { PlanLegend } from "./PlanLegend";
import { makePrimaryOfSelection, SideActionsProvider, useSideActions } from "./SideActions";
import { selectionOf, withSelectChanges } from "./selection";
import { keepUnchanged } from "./reuse";
import { afterNextPaint } from "./paint";
import { addNode, canConnect, connectScore, deleteSelection, dropFromPalette, dropOnSlot, reconnectDeployment, wrapSelection, wrapSelectionInMultisite } from "./ops";

/**
 * The canvas: host messages go through `canvasReducer`, node positions through `usePositions`,
 * gestures through the op builders of ops.ts; this component wires them to React Flow.
 */

const LARGE = 300;

export function Designer() {
  return (
    <ReactFlowProvider>
      <SideActionsProvider>
        <Canvas />
      </SideActionsProvider>
    </ReactFlowProvider>
  );
}

function Canvas() {
  const flow = useReactFlow();
  const [state, dispatch] = useReducer(canvasReducer, initialCanvasState);
  const positions = usePositions();
  const { drawing, nodes, receive, draw } = positions;
  // Edges are drawn from the graph, the deploy outcomes and which of them the user selected.
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(() => new Set());
  const lastEdges = useRef<FlowEdge[]>([]);
  const edges = useMemo(
    () => (lastEdges.current = keepUnchanged(lastEdges.current, drawing ? flowEdges(drawing.graph, state.deployStatus, selectedEdges, state.planPreview?.marks) : [])),
    [drawing, state.deployStatus, selectedEdges, state.planPreview],
  );
  const shownNodes = useMemo(() => withPlanMarks(nodes, state.planPreview?.marks), [nodes, state.planPreview]);
  const framed = useRef(false);
  const reported = useRef<Drawing | undefined>(undefined);
  const requestSeq = useRef(0);
  // The model the canvas draws, as canvasReducer keeps it (set as messages arrive, not at render).
  const shown = useRef<ModelMessage | undefined>(undefined);
  // For callbacks that outlive a render: the latest drawing, and the model the host sent last.
  const latest = useRef({ drawing, doc: state.doc, version: state.version });
  latest.current = { drawing, doc: state.doc, version: state.version };

  useEffect(() => {
    const off = onHostMessage((m) => {
      const take = () => {
        receive(m);
        dispatch(m);
        // Laid out in the same turn as the message is taken, so a new model renders once, not once
        // for the message and again for its drawing. A model that does not parse is drawn only
        // while there is nothing else to show (the reducer keeps the last good one).
        if (m.type === "model" && (!parseProblem(m) || !shown.current)) {
          shown.current = m;
          void draw(m);
        }
      };
      // A model is what the user waits for after an edit: rendered in this task, so it is on screen
      // in the next frame rather than after the tasks the browser runs meanwhile.
      if (m.type === "model") flushSync(take);
      else take();
    });
    postToHost({ type: "ready" });
    return off;
  }, [receive, draw]);

  // A notice says its piece and goes; the status line and the Problems panel keep the lasting state.
  useEffect(() => {
    if (!state.notice) return;
    const t = setTimeout(() => dispatch({ type: "noticeDismissed" }), 8000);
    return () => clearTimeout(t);
  }, [state.notice]);

  // Tell the host (and tests) once the canvas shows the current model: a new drawing once painted,
  // a newer model that does not parse at once (the drawing shown stays the current one). A layout
  // effect, so the wait for the paint starts in the commit that drew it.
  useLayoutEffect(() => {
    if (!drawing || drawing.doc !== state.doc || state.version === undefined) return;
    const nodeCount = drawing.graph.nodes.length;
    if (reported.current === drawing) {
      postToHost({ type: "rendered", version: state.version, nodeCount, ms: 0 });
      return;
    }
    reported.current = drawing;
    const first = !framed.current;
    if (first) {
      // A large drawing opens at a readable zoom on its first nodes (and React Flow then draws only
      // what is in view); a small one opens fitted.
      framed.current = true;
      if (nodeCount > LARGE) void flow.setViewport({ x: 24, y: 24, zoom: 0.75 });
      else requestAnimationFrame(() => void flow.fitView({ maxZoom: 1.25 }));
    }
    afterNextPaint(() => {
      dispatch({ type: "drawn", version: drawing.doc.version, at: performance.now() });
      // A model that does not parse may have come meanwhile: this drawing is current for it too.
      const version = latest.current.doc === drawing.doc ? (latest.current.version ?? drawing.doc.version) : drawing.doc.version;
      postToHost({ type: "rendered", version, nodeCount, ms: performance.now() - drawing.started });
    }, first ? 2 : 1);
  }, [drawing, state.doc, state.version, flow]);

  // What the user just made is what they want to edit next: selected, and panned to if out of view.
  useEffect(() => {
    const id = drawing && state.created.find((c) => drawing.graph.nodes.some((n) => n.id === c && !n.parentId));
    if (!id) return;
    dispatch({ type: "revealed" });
    positions.select(new Set([id]));
    setSelectedEdges(new Set());
    panIntoView(id);
  }, [drawing, state.created]);

  // The text editor's cursor moved: select what is under it.
  useEffect(() => {
    if (!state.cursor) return;
    const ids = new Set(state.cursor.ids);
    positions.select(ids);
    setSelectedEdges(ids);
    if (state.cursor.ids[0]) panIntoView(state.cursor.ids[0]);
  }, [state.cursor]);

  function panIntoView(id: string) {
    const box = positions.outermostBox(id);
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    if (!box || !pane) return;
    const { x, y, zoom } = flow.getViewport();
    const left = box.x * zoom + x;
    const top = box.y * zoom + y;
    const visible = left >= 0 && top >= 0 && left + box.width * zoom <= pane.width && top + box.height * zoom <= pane.height;
    if (!visible) void flow.setCenter(box.x + box.width / 2, box.y + box.height / 2, { zoom, duration: 150 });
  }

  const sendOp = useCallback((op: DesignerOp | undefined, placeAt?: Point) => {
    const d = latest.current.drawing;
    if (!d || !op) return;
    const requestId = String(++requestSeq.current);
    if (placeAt) positions.expectDrop(requestId, placeAt);
    dispatch({ type: "opSent", baseVersion: d.doc.version, at: performance.now() });
    postToHost({ type: "op", requestId, op, baseVersion: d.doc.version });
  }, [positions.expectDrop]);

  const onNodeDragStop = useCallback((event: MouseEvent | TouchEvent, node: FlowNode, dragged: FlowNode[]) => {
    const fill = dropOnSlot(node, flow.getNodes() as FlowNode[], flow.screenToFlowPosition(pointOf(event)));
    if (fill) return sendOp(fill);
    positions.place(Object.fromEntries(dragged.filter((n) => !n.parentId).map((n) => [n.id, { x: n.position.x, y: n.position.y }])));
  }, [flow, sendOp, positions.place]);

  // Only selection: the canvas deletes through ops, never by React Flow's own removal.
  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => setSelectedEdges((prev) => withSelectChanges(prev, changes)), []);

  const selection = useMemo(() => selectionOf(nodes, edges), [nodes, edges]);
  const model = drawing?.doc.model;
  const wrapOp = model && wrapSelection(model, selection);
  const wrap = () => sendOp(wrapOp);
  const multisiteOp = model && wrapSelectionInMultisite(model, selection);
  const wrapMultisite = multisiteOp ? () => sendOp(multisiteOp) : undefined;
  const primaryOp = model && makePrimaryOfSelection(model, selection);
  useSideActions(sendOp, model);

  const removeSelection = () => {
    const r = deleteSelection(selection);
    if (r && "op" in r) sendOp(r.op);
    else if (r) dispatch({ type: "notice", message: r.notice });
  };

  const add = (kind: KindSpec) => model && sendOp(addNode(kind, model, selection));

  const onDrop = (e: React.DragEvent) => {
    const factory = e.dataTransfer.getData(PALETTE_MIME);
    const kind = factory ? kindSpec(factory) : undefined;
    if (!kind) return;
    e.preventDefault();
    if (!model) return;
    const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    const hits = flow.getIntersectingNodes({ x: at.x, y: at.y, width: 1, height: 1 }) as FlowNode[];
    const { op, placeAt } = dropFromPalette(kind, model, selection, at, hits);
    sendOp(op, placeAt);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const t = e.target as HTMLElement;
    if (t.closest("input, textarea, vscode-textfield, vscode-single-select, .inspector")) return;
    if (e.key === "Escape" && state.planPreview) {
      dispatch({ type: "planPreviewCleared" });
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      removeSelection();
    } else if (e.key === "Enter" && selection.kind !== "none" && selection.kind !== "many") {
      postToHost({ type: "reveal", id: selection.kind === "deployment" ? edgeId(selection.id) : selection.id, open: true });
    } else if ((e.key === "w" || e.key === "W") && wrapOp) {
      wrap();
    } else if ((e.key === "m" || e.key === "M") && wrapMultisite) {
      wrapMultisite();
    } else if ((e.key === "p" || e.key === "P") && primaryOp) {
      sendOp(primaryOp);
    }
  };

  const exportAs = async (format: "svg" | "png") => {
    if (!drawing) return;
    try {
      const svg = diagramSvg(drawing.graph, positions.current());
      postToHost({ type: "export", format, data: format === "svg" ? svg : await svgToPng(svg) });
    } catch (err) {
      dispatch({ type: "notice", message: err instanceof Error ? err.message : String(err) });
    }
  };

  const relayout = () => void positions.relayout().then(() => flow.fitView({ duration: 200 }));

  const graph = drawing?.graph;
  return (
    <div
      className="designer"
      role="application"
      aria-label="Topology Designer"
      data-testid="designer"
      data-ready={drawing ? "true" : "false"}
      data-version={drawing?.doc.version ?? ""}
      data-node-count={graph?.nodes.length ?? 0}
      data-last-round-trip-ms={state.lastRoundTrip?.toFixed(1) ?? ""}
      onKeyDown={onKeyDown}
    >
      <Palette onAdd={add} />
      <main className="canvas" onDragOver={(e) => e.dataTransfer.types.includes(PALETTE_MIME) && e.preventDefault()} onDrop={onDrop}>
        <Banners parseError={state.parseError} drawn={!!drawing} unavailable={state.unavailable} notice={state.notice} onDismiss={() => dispatch({ type: "noticeDismissed" })} />
        {state.planPreview && <PlanLegend preview={state.planPreview} onClear={() => dispatch({ type: "planPreviewCleared" })} />}
        <ReactFlow
          nodes={shownNodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={positions.onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeDragStop={onNodeDragStop}
          onNodeClick={(e, n) => {
            // A modifier-click adds to the selection even when the key press itself went to
            // the workbench rather than this frame (React Flow tracks the key, not the click).
            if (e.ctrlKey || e.metaKey || e.shiftKey) {
              positions.select(selectedIds(nodes).add(n.id));
              return;
            }
            postToHost({ type: "reveal", id: n.id });
          }}
          selectNodesOnDrag={false}
          onNodeDoubleClick={(_, n) => postToHost({ type: "reveal", id: n.id, open: true })}
          onEdgeClick={(_, e) => postToHost({ type: "reveal", id: e.id })}
          onConnect={(c: Connection) => model && sendOp(connectScore(model, c.source, c.target))}
          onReconnect={(old: FlowEdge, c: Connection) => sendOp(reconnectDeployment(old.data?.deployment.id, old.source, c.source))}
          isValidConnection={(c) => canConnect(nodes, c.source, c.target)}
          deleteKeyCode={null}
          multiSelectionKeyCode={["Meta", "Control"]}
          onlyRenderVisibleElements={(graph?.nodes.length ?? 0) > LARGE}
          minZoom={0.05}
          proOptions={{ hideAttribution: true }}
          colorMode="system"
        >
          <Background gap={24} />
          <Controls showInteractive={false} />
          {(graph?.nodes.length ?? 0) <= LARGE && <MiniMap pannable zoomable ariaLabel="Overview" />}
        </ReactFlow>
      </main>
      {drawing ? (
        <Inspector selection={selection} model={drawing.doc.model} diagnostics={drawing.doc.diagnostics} onOp={sendOp} onWrap={wrap} canWrap={!!wrapOp} onWrapMultisite={wrapMultisite} />
      ) : (
        // Present from the start, so the canvas has its final size when the first drawing is fitted.
        <aside className="inspector" aria-label="Inspector" />
      )}
      <StatusLine model={model} graph={graph} onRelayout={relayout} onExport={(f) => void exportAs(f)} />
    </div>
  );
}

function pointOf(e: MouseEvent | TouchEvent): Point {
  const t = "touches" in e ? (e.changedTouches[0] ?? e.touches[0]) : e;
  return { x: t.clientX, y: t.clientY };
}
