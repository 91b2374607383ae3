import {
  ReactFlow,
  ReactFlowProvider,
  Background,
  Controls,
  MiniMap,
  applyNodeChanges,
  applyEdgeChanges,
  useReactFlow,
  type Node,
  type Edge,
  type NodeChange,
  type EdgeChange,
  type Connection,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { kindSpec, type KindSpec } from "../shared/model/kinds";
import { inlineId, isInline, isOwnTopLevel } from "../shared/model/ids";
import { parseProblem, type CanvasPositions, type DeployStatusView, type DesignerOp, type HostMessage, type ModelMessage } from "../shared/protocol/webview";
import { buildGraph, edgeId, type DeploymentEdgeData, type Graph, type NodeData } from "./graph";
import { layoutGraph, type Point } from "./layout";
import { onHostMessage, postToHost } from "./host";
import { edgeTypes, nodeTypes } from "./nodes";
import { Palette, PALETTE_MIME } from "./Palette";
import { Inspector, type Selection } from "./Inspector";
import { diagramSvg, svgToPng } from "./export";
import { VscodeButton } from "./controls";

/** What is drawn: the last model that parsed, and the positions of its top-level nodes. */
interface Drawn {
  doc: ModelMessage;
  graph: Graph;
  positions: Map<string, Point>;
}

const LARGE = 300;

export function Designer() {
  return (
    <ReactFlowProvider>
      <Canvas />
    </ReactFlowProvider>
  );
}

function Canvas() {
  const flow = useReactFlow();
  const [drawn, setDrawn] = useState<Drawn>();
  const [nodes, setNodes] = useState<Node<NodeData>[]>([]);
  const [edges, setEdges] = useState<Edge<DeploymentEdgeData>[]>([]);
  const [parseError, setParseError] = useState<string>();
  const [unavailable, setUnavailable] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const stored = useRef<CanvasPositions>({});
  const session = useRef(new Map<string, Point>());
  const placements = useRef(new Map<string, Point>());
  const layoutSeq = useRef(0);
  const requestSeq = useRef(0);
  const renderStart = useRef<{ version: number; at: number } | undefined>(undefined);
  const drawnRef = useRef<Drawn | undefined>(undefined);
  const framed = useRef(false);
  // The user-perceived round trip of the last op: sent -> document edited -> new model drawn.
  const pendingOp = useRef<{ baseVersion: number; at: number } | undefined>(undefined);
  const [lastRoundTrip, setLastRoundTrip] = useState<number>();
  const [deployStatus, setDeployStatus] = useState<Record<string, DeployStatusView>>({});
  // Nodes an op just created: the canvas pans to them once drawn, if they are out of view.
  const revealNext = useRef<string[]>([]);
  drawnRef.current = drawn;

  const draw = useCallback(async (doc: ModelMessage, started: number) => {
    const seq = ++layoutSeq.current;
    const graph = buildGraph(doc.model, doc.diagnostics);
    const known = new Map<string, Point>(session.current);
    for (const [id, p] of Object.entries(stored.current)) known.set(id, p);
    const positions = await layoutGraph(graph, known);
    if (seq !== layoutSeq.current) return;
    for (const [id, p] of positions) session.current.set(id, p);
    renderStart.current = { version: doc.version, at: started };
    setDrawn({ doc, graph, positions });
  }, []);

  // Host messages.
  useEffect(() => {
    const off = onHostMessage((m: HostMessage) => {
      switch (m.type) {
        case "model": {
          const started = performance.now();
          stored.current = m.positions;
          setUnavailable(undefined);
          const broken = parseProblem(m);
          if (broken && drawnRef.current) {
            // Keep the last good diagram; say why it is not current.
            setParseError(broken);
            postToHost({ type: "rendered", version: m.version, nodeCount: drawnRef.current.graph.nodes.length, ms: 0 });
            return;
          }
          setParseError(broken);
          void draw(m, started);
          return;
        }
        case "select": {
          const ids = new Set(m.ids);
          setNodes((ns) => ns.map((n) => (n.selected === ids.has(n.id) ? n : { ...n, selected: ids.has(n.id) })));
          setEdges((es) => es.map((e) => (e.selected === ids.has(e.id) ? e : { ...e, selected: ids.has(e.id) })));
          if (drawnRef.current && m.ids[0]) panIntoView(m.ids[0], drawnRef.current);
          return;
        }
        case "positions":
          stored.current = m.positions;
          return;
        case "opResult": {
          const at = placements.current.get(m.requestId);
          placements.current.delete(m.requestId);
          if (m.ok && m.createdIds?.length) revealNext.current = m.createdIds;
          if (!m.ok) setNotice(m.message);
          else if (at && m.createdIds?.[0]) {
            persist({ [m.createdIds[0]]: at });
          }
          return;
        }
        case "unavailable":
          setUnavailable(m.message);
          return;
        case "deployStatus":
          setDeployStatus(m.statuses);
          return;
      }
    });
    postToHost({ type: "ready" });
    return off;
  }, [draw]);

  // A notice says its piece and goes; the status line and the Problems panel keep the lasting state.
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => setNotice(undefined), 8000);
    return () => clearTimeout(t);
  }, [notice]);

  // Graph + positions -> React Flow nodes and edges (selection survives a redraw).
  useEffect(() => {
    if (!drawn) return;
    const { graph, positions } = drawn;
    setNodes((prev) => {
      const selected = new Set(prev.filter((n) => n.selected).map((n) => n.id));
      return graph.nodes.map((g) => ({
        id: g.id,
        type: g.type,
        position: g.parentId ? g.relative! : (positions.get(g.id) ?? { x: 0, y: 0 }),
        parentId: g.parentId,
        draggable: !g.parentId,
        width: g.width,
        height: g.height,
        data: g.data,
        selected: selected.has(g.id),
        ariaLabel: ariaLabelOf(g.data),
        zIndex: g.type === "failover" ? 0 : undefined,
      }));
    });
    setEdges((prev) => {
      const selected = new Set(prev.filter((e) => e.selected).map((e) => e.id));
      return graph.edges.map((g) => ({
        id: g.id,
        source: g.source,
        target: g.target,
        type: "deployment",
        data: deployStatus[g.data.deployment.id] ? { ...g.data, status: deployStatus[g.data.deployment.id] } : g.data,
        selected: selected.has(g.id),
        reconnectable: !!g.data.deployment.constName || !isInline(g.data.deployment.id),
        ariaLabel: `deployment ${g.data.deployment.id}${g.data.rejected ? `, rejected: ${g.data.message}` : ""}${
          deployStatus[g.data.deployment.id] ? `, last deploy ${deployStatus[g.data.deployment.id].outcome}` : ""
        }`,
        zIndex: 1,
      }));
    });
  }, [drawn, deployStatus]);

  // Tell the host (and tests) once a model is on screen.
  useEffect(() => {
    const start = renderStart.current;
    if (!drawn || !start || drawn.doc.version !== start.version) return;
    renderStart.current = undefined;
    if (!framed.current) {
      // A large drawing opens at a readable zoom on its first nodes (and React Flow then draws only
      // what is in view); a small one opens fitted.
      framed.current = true;
      if (drawn.graph.nodes.length > LARGE) void flow.setViewport({ x: 24, y: 24, zoom: 0.75 });
      else requestAnimationFrame(() => void flow.fitView({ maxZoom: 1.25 }));
    }
    const created = revealNext.current.filter((id) => drawn.positions.has(id));
    if (created.length > 0) {
      revealNext.current = [];
      panIntoView(created[0], drawn);
      // What the user just made is what they want to edit next.
      setNodes((ns) => ns.map((n) => (n.selected === (n.id === created[0]) ? n : { ...n, selected: n.id === created[0] })));
      setEdges((es) => es.map((e) => (e.selected ? { ...e, selected: false } : e)));
    }
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const op = pendingOp.current;
        if (op && drawn.doc.version > op.baseVersion) {
          pendingOp.current = undefined;
          setLastRoundTrip(performance.now() - op.at);
        }
        postToHost({ type: "rendered", version: drawn.doc.version, nodeCount: drawn.graph.nodes.length, ms: performance.now() - start.at });
      }),
    );
  }, [nodes, drawn, flow]);

  const panIntoView = (id: string, d: Drawn) => {
    // A nested node is shown by showing its outermost group.
    let n = d.graph.nodes.find((x) => x.id === id);
    for (let i = 0; n?.parentId && i < 64; i++) n = d.graph.nodes.find((x) => x.id === n!.parentId);
    const p = n && d.positions.get(n.id);
    const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
    if (!p || !n || !pane) return;
    const { x, y, zoom } = flow.getViewport();
    const left = p.x * zoom + x;
    const top = p.y * zoom + y;
    const visible = left >= 0 && top >= 0 && left + n.width * zoom <= pane.width && top + n.height * zoom <= pane.height;
    if (!visible) void flow.setCenter(p.x + n.width / 2, p.y + n.height / 2, { zoom, duration: 150 });
  };

  const sendOp = useCallback((op: DesignerOp, placeAt?: Point) => {
    const d = drawnRef.current;
    if (!d) return;
    const requestId = String(++requestSeq.current);
    if (placeAt) placements.current.set(requestId, placeAt);
    pendingOp.current = { baseVersion: d.doc.version, at: performance.now() };
    setLastRoundTrip(undefined);
    setNotice(undefined);
    postToHost({ type: "op", requestId, op, baseVersion: d.doc.version });
  }, []);

  const onNodesChange = useCallback((changes: NodeChange<Node<NodeData>>[]) => {
    setNodes((ns) => applyNodeChanges(changes, ns));
    const moved: CanvasPositions = {};
    for (const c of changes) {
      if (c.type === "position" && c.position && c.dragging === false) moved[c.id] = c.position;
    }
    if (Object.keys(moved).length > 0) persist(moved);
  }, []);

  // Once the user places one box, the whole arrangement is theirs: it is stored as a whole, so a
  // reopened designer shows what they left, not an automatic layout around one moved box.
  const persist = (moved: CanvasPositions) => {
    const d = drawnRef.current;
    if (Object.keys(moved).length === 0 || !d) return;
    const all: CanvasPositions = {};
    for (const n of d.graph.nodes) {
      const p = !n.parentId && session.current.get(n.id);
      if (p) all[n.id] = p;
    }
    Object.assign(all, moved);
    for (const [id, p] of Object.entries(moved)) session.current.set(id, p);
    stored.current = { ...stored.current, ...all };
    postToHost({ type: "positions", positions: all });
  };

  const onNodeDragStop = useCallback((event: MouseEvent | TouchEvent, node: Node<NodeData>, dragged: Node<NodeData>[]) => {
    const slot = node.type !== "score" && !node.parentId ? emptySlotAt(flow.getNodes() as Node<NodeData>[], node.id, flow.screenToFlowPosition(pointOf(event))) : undefined;
    if (slot) {
      sendOp({ kind: "fillSlot", failoverId: slot.failoverId, side: slot.side, topologyId: node.id });
      return;
    }
    const moved: CanvasPositions = {};
    for (const n of dragged) if (!n.parentId) moved[n.id] = { x: n.position.x, y: n.position.y };
    persist(moved);
  }, [flow, sendOp]);

  const onEdgesChange = useCallback((changes: EdgeChange<Edge<DeploymentEdgeData>>[]) => {
    setEdges((es) => applyEdgeChanges(changes.filter((c) => c.type !== "remove"), es));
  }, []);

  const selection: Selection = useMemo(() => {
    const ns = nodes.filter((n) => n.selected);
    const es = edges.filter((e) => e.selected);
    if (ns.length + es.length === 0) return { kind: "none" };
    if (ns.length + es.length > 1) return { kind: "many", ids: [...ns.map((n) => n.id), ...es.map((e) => e.id)] };
    if (es.length === 1) return { kind: "deployment", id: es[0].data!.deployment.id };
    const n = ns[0];
    return { kind: n.type as "topology" | "failover" | "score", id: n.id };
  }, [nodes, edges]);

  const selectedTopologies = nodes.filter((n) => n.selected && (n.type === "topology" || n.type === "failover"));
  const canWrap = selection.kind === "many" && selectedTopologies.length === 2 && selection.ids.length === 2;
  const wrap = () => {
    if (!canWrap || !drawn) return;
    const [a, b] = selectedTopologies;
    const name = uniqueName(drawn, `${(a.data as { topology: { name: string } }).topology.name}-failover`);
    sendOp({ kind: "wrapInFailover", primary: a.id, replica: b.id, name });
  };

  const deleteSelection = () => {
    if (selection.kind === "topology" || selection.kind === "failover" || selection.kind === "score" || selection.kind === "deployment") {
      sendOp({ kind: "delete", id: selection.id });
    } else if (selection.kind === "many") {
      setNotice("Delete removes one thing at a time; select one node or edge.");
    }
  };

  const add = (kind: KindSpec, at?: Point, onTopology?: string) => {
    if (!drawn) return;
    const name = uniqueName(drawn, DEFAULT_NAMES[kind.factory] ?? kind.factory.toLowerCase());
    if (kind.role === "score") {
      const target = onTopology ?? (selection.kind === "topology" || selection.kind === "failover" ? selection.id : undefined);
      sendOp({ kind: "addScore", factory: kind.factory, name, topologyId: target && isOwnTopLevel(target) ? target : undefined }, at);
    } else {
      sendOp({ kind: "addTopology", factory: kind.factory, name }, at);
    }
  };

  const onDrop = (e: React.DragEvent) => {
    const factory = e.dataTransfer.getData(PALETTE_MIME);
    const kind = factory ? kindSpec(factory) : undefined;
    if (!kind) return;
    e.preventDefault();
    const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    const hit = flow
      .getIntersectingNodes({ x: at.x, y: at.y, width: 1, height: 1 })
      .filter((n) => n.type === "topology" || n.type === "failover")
      .sort((a, b) => (a.width ?? 0) * (a.height ?? 0) - (b.width ?? 0) * (b.height ?? 0))[0];
    add(kind, kind.role === "score" && hit ? undefined : at, kind.role === "score" ? hit?.id : undefined);
  };

  const onConnect = (c: Connection) => {
    const score = drawn?.doc.model.scores.find((s) => s.id === c.target);
    if (!score || !c.source) return;
    const inline = drawn?.doc.model.deployments.find((d) => d.score === score.id && score.id === inlineId(d.id, "score"));
    if (inline) sendOp({ kind: "moveDeployment", deploymentId: inline.id, topologyId: c.source });
    else sendOp({ kind: "attachScore", scoreId: score.id, topologyId: c.source });
  };

  const onReconnect = (old: Edge<DeploymentEdgeData>, c: Connection) => {
    if (!old.data || !c.source || c.source === old.source) return;
    sendOp({ kind: "moveDeployment", deploymentId: old.data.deployment.id, topologyId: c.source });
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const t = e.target as HTMLElement;
    if (t.closest("input, textarea, vscode-textfield, vscode-single-select, .inspector")) return;
    if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      deleteSelection();
    } else if (e.key === "Enter" && selection.kind !== "none" && selection.kind !== "many") {
      postToHost({ type: "reveal", id: selection.kind === "deployment" ? edgeId(selection.id) : selection.id, open: true });
    } else if ((e.key === "w" || e.key === "W") && canWrap) {
      wrap();
    }
  };

  const exportAs = async (format: "svg" | "png") => {
    if (!drawn) return;
    try {
      const svg = diagramSvg(drawn.graph, currentPositions(nodes));
      postToHost({ type: "export", format, data: format === "svg" ? svg : await svgToPng(svg) });
    } catch (err) {
      setNotice(err instanceof Error ? err.message : String(err));
    }
  };

  const relayout = () => {
    if (!drawnRef.current) return;
    session.current.clear();
    stored.current = {};
    postToHost({ type: "positions", positions: {}, reset: true });
    void draw(drawnRef.current.doc, performance.now()).then(() => flow.fitView({ duration: 200 }));
  };

  const graph = drawn?.graph;
  const version = drawn?.doc.version;
  return (
    <div
      className="designer"
      role="application"
      aria-label="Topology Designer"
      data-testid="designer"
      data-ready={drawn ? "true" : "false"}
      data-version={version ?? ""}
      data-node-count={graph?.nodes.length ?? 0}
      data-last-round-trip-ms={lastRoundTrip?.toFixed(1) ?? ""}
      onKeyDown={onKeyDown}
    >
      <Palette onAdd={(k) => add(k)} />
      <main className="canvas" onDragOver={(e) => e.dataTransfer.types.includes(PALETTE_MIME) && e.preventDefault()} onDrop={onDrop}>
        {parseError && (
          <div className="banner" role="status" data-testid="parse-banner">
            {parseError}
            {drawn ? " Showing the last version that parsed." : ""}
          </div>
        )}
        {unavailable && (
          <div className="banner" role="status" data-testid="unavailable-banner">
            {unavailable}
          </div>
        )}
        {notice && (
          <div className="notice" role="alert" data-testid="op-message">
            {notice}
            <button type="button" aria-label="Dismiss" onClick={() => setNotice(undefined)}>
              ✕
            </button>
          </div>
        )}
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onNodeDragStop={onNodeDragStop}
          onNodeClick={(e, n) => {
            // A modifier-click adds to the selection even when the key press itself went to
            // the workbench rather than this frame (React Flow tracks the key, not the click).
            if (e.ctrlKey || e.metaKey || e.shiftKey) {
              const before = new Set(nodes.filter((x) => x.selected).map((x) => x.id));
              before.add(n.id);
              setNodes((ns) => ns.map((x) => (x.selected === before.has(x.id) ? x : { ...x, selected: before.has(x.id) })));
              return;
            }
            postToHost({ type: "reveal", id: n.id });
          }}
          selectNodesOnDrag={false}
          onNodeDoubleClick={(_, n) => postToHost({ type: "reveal", id: n.id, open: true })}
          onEdgeClick={(_, e) => postToHost({ type: "reveal", id: e.id })}
          onConnect={onConnect}
          onReconnect={onReconnect}
          isValidConnection={(c) => nodes.find((n) => n.id === c.target)?.type === "score" && nodes.find((n) => n.id === c.source)?.type !== "score"}
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
      {drawn ? (
        <Inspector selection={selection} model={drawn.doc.model} diagnostics={drawn.doc.diagnostics} onOp={sendOp} onWrap={wrap} canWrap={canWrap} />
      ) : (
        // Present from the start, so the canvas has its final size when the first drawing is fitted.
        <aside className="inspector" aria-label="Inspector" />
      )}
      <footer className="status-line" data-testid="status-line" role="status">
        <span data-testid="node-count">
          {drawn ? `${drawn.doc.model.topologies.length} topologies · ${drawn.doc.model.scores.length} scores · ${drawn.doc.model.deployments.length} deployments` : "Waiting for the language server…"}
        </span>
        <span data-testid="problem-count" data-errors={graph?.errorCount ?? 0} className={graph?.errorCount ? "has-errors" : ""}>
          {graph ? `${graph.errorCount} ${graph.errorCount === 1 ? "problem" : "problems"}${graph.warningCount ? `, ${graph.warningCount} warnings` : ""}` : ""}
        </span>
        <span className="spacer" />
        <VscodeButton secondary data-testid="action-relayout" onClick={relayout} title="Lay out every node again (forgets dragged positions)">
          Auto layout
        </VscodeButton>
        <VscodeButton secondary data-testid="action-export-svg" onClick={() => void exportAs("svg")}>
          Export SVG
        </VscodeButton>
        <VscodeButton secondary data-testid="action-export-png" onClick={() => void exportAs("png")}>
          Export PNG
        </VscodeButton>
      </footer>
    </div>
  );
}

function pointOf(e: MouseEvent | TouchEvent): Point {
  const t = "touches" in e ? (e.changedTouches[0] ?? e.touches[0]) : e;
  return { x: t.clientX, y: t.clientY };
}

/** The empty failover slot under a point, if any (not one of the dragged node's own). */
function emptySlotAt(nodes: Node<NodeData>[], draggedId: string, at: Point): { failoverId: string; side: "primary" | "replica" } | undefined {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const absolute = (n: Node): Point => {
    const parent = n.parentId ? byId.get(n.parentId) : undefined;
    const p = parent ? absolute(parent) : { x: 0, y: 0 };
    return { x: p.x + n.position.x, y: p.y + n.position.y };
  };
  for (const n of nodes) {
    if (n.id === draggedId || n.data.role !== "failover") continue;
    const origin = absolute(n);
    for (const s of n.data.slots) {
      if (s.childId || s.note !== "empty") continue;
      if (at.x >= origin.x + s.x && at.x <= origin.x + s.x + s.width && at.y >= origin.y + s.y && at.y <= origin.y + s.y + s.height) {
        return { failoverId: n.id, side: s.side };
      }
    }
  }
  return undefined;
}

const DEFAULT_NAMES: Record<string, string> = {
  failover: "pair",
  k8sAnywhere: "cluster",
  okdCluster: "okd",
  linuxHost: "host",
  postgres: "db",
  k8sApp: "app",
  helmChart: "chart",
  dockerApp: "container",
  hostBonds: "bonds",
};

function uniqueName(drawn: Drawn, base: string): string {
  const used = new Set([...drawn.doc.model.topologies.map((t) => t.name), ...drawn.doc.model.scores.map((s) => s.name)]);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

function currentPositions(nodes: Node[]): Map<string, Point> {
  return new Map(nodes.filter((n) => !n.parentId).map((n) => [n.id, n.position]));
}

function ariaLabelOf(d: NodeData): string {
  if (d.role === "score") {
    const where = d.deployedOn.length ? `, runs on ${d.deployedOn.join(", ")}` : ", not deployed";
    return `${d.score.kind} score ${d.score.name}${where}${d.rejections.length ? `, rejected: ${d.rejections.join("; ")}` : ""}`;
  }
  const caps = d.topology.capabilities.length ? `, provides ${d.topology.capabilities.join(", ")}` : "";
  return `${d.role === "failover" ? "failover" : d.topology.kind} topology ${d.topology.name}${caps}${d.problems.length ? `, ${d.problems.length} problems` : ""}`;
}
