import { applyNodeChanges, type NodeChange } from "@xyflow/react";
import { useCallback, useRef, useState } from "react";
import type { CanvasPositions, HostMessage, ModelMessage } from "../shared/protocol/webview";
import { buildGraph, type Graph } from "../shared/diagram/graph";
import { layered, placeAroundKnown, type Point } from "../shared/diagram/layout";
import { flowNodes, selectedIds, type FlowNode } from "./flow";
import { postToHost } from "./host";
import { answered, dropped, fromHost, known, laidOut, moved, noPositions, reset } from "./positions";
import { withSelected } from "./selection";
import { keepUnchanged } from "./reuse";

/** A model on screen: its graph, and when its message arrived (for the host's render timing). */
export interface Drawing {
  doc: ModelMessage;
  graph: Graph;
  started: number;
}

/**
 * The one owner of node positions in the webview: it merges what the host stores, the user's drags
 * and drops and the computed layout (by the rules of positions.ts), writes them to the host's store,
 * and holds the node list React Flow draws — nothing else tells React Flow where a node is.
 */
export function usePositions() {
  const book = useRef(noPositions);
  const [drawing, setDrawing] = useState<Drawing>();
  const [nodes, setNodes] = useState<FlowNode[]>([]);
  const drawingRef = useRef<Drawing | undefined>(undefined);
  const nodesRef = useRef(nodes);
  const layoutSeq = useRef(0);
  drawingRef.current = drawing;
  nodesRef.current = nodes;

  const topLevel = () => drawingRef.current?.graph.nodes.filter((n) => !n.parentId).map((n) => n.id) ?? [];

  const store = (positions: CanvasPositions | undefined, reset = false) => {
    if (positions) postToHost({ type: "positions", positions, ...(reset ? { reset } : {}) });
  };

  /**
   * Lays the model out around the positions known and draws it; a newer call wins. With positions
   * known (every redraw after the first) the drawing is set in the caller's turn, so a caller that
   * renders at once (the message handler's flushSync) puts the model on screen in the next frame;
   * a full layout (elkjs) finishes later.
   */
  const draw = useCallback((doc: ModelMessage, started = performance.now()): Promise<void> | void => {
    const seq = ++layoutSeq.current;
    const graph = buildGraph(doc.model, doc.diagnostics);
    const show = (placed: Map<string, Point>) => {
      if (seq !== layoutSeq.current) return;
      book.current = laidOut(book.current, placed);
      // Selection survives a redraw.
      setNodes((prev) => keepUnchanged(prev, flowNodes(graph, placed, selectedIds(prev))));
      setDrawing({ doc, graph, started });
    };
    const placed = placeAroundKnown(graph, known(book.current));
    // Nothing placed yet: a full layout.
    return placed ? show(placed) : layered(graph).then(show);
  }, []);

  /** The user placed nodes: remembered, and stored by the host as the whole arrangement. */
  const place = useCallback((moves: CanvasPositions) => {
    if (!drawingRef.current) return;
    const r = moved(book.current, topLevel(), moves);
    book.current = r.positions;
    store(r.store);
  }, []);

  /** What the host says that concerns positions: its store, and where an op put a dropped node. */
  const receive = useCallback((m: HostMessage) => {
    if (m.type === "model" || m.type === "positions") {
      book.current = fromHost(book.current, m.positions);
    } else if (m.type === "opResult") {
      const r = answered(book.current, m.requestId, m.ok ? m.createdIds : undefined, topLevel());
      book.current = r.positions;
      store(r.store);
      const p = r.placed;
      // Drawn already (the model came before the answer): it moves to where it was dropped.
      if (p) setNodes((ns) => ns.map((n) => (n.id === p.id && !n.parentId ? { ...n, position: p.at } : n)));
    }
  }, []);

  /** An op that will add a node was sent from a drop at `at`. */
  const expectDrop = useCallback((requestId: string, at: Point) => {
    book.current = dropped(book.current, requestId, at);
  }, []);

  /** React Flow's own changes: drags, selection, measured sizes. A finished move is stored. */
  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      setNodes((ns) => applyNodeChanges(changes, ns));
      const moves: CanvasPositions = {};
      for (const c of changes) {
        if (c.type === "position" && c.position && c.dragging === false) moves[c.id] = c.position;
      }
      place(moves);
    },
    [place],
  );

  const select = useCallback((ids: ReadonlySet<string>) => setNodes((ns) => withSelected(ns, ids)), []);

  /** "Auto layout": forgets every position, here and in the host's store, and lays the model out afresh. */
  const relayout = useCallback(async () => {
    const d = drawingRef.current;
    if (!d) return;
    book.current = reset(book.current);
    store({}, true);
    await draw(d.doc);
  }, [draw]);

  /** The box of the outermost group holding `id` (a nested node is shown by showing its group), as drawn now. */
  const outermostBox = useCallback((id: string) => {
    const byId = new Map(nodesRef.current.map((n) => [n.id, n]));
    let n = byId.get(id);
    for (let i = 0; n?.parentId && i < 64; i++) n = byId.get(n.parentId);
    return n && { x: n.position.x, y: n.position.y, width: n.width ?? 0, height: n.height ?? 0 };
  }, []);

  /** Where each top-level node is drawn now. */
  const current = useCallback((): Map<string, Point> => new Map(nodesRef.current.filter((n) => !n.parentId).map((n) => [n.id, n.position])), []);

  return { drawing, nodes, draw, receive, expectDrop, place, onNodesChange, select, relayout, outermostBox, current };
}
