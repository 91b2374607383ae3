import { strict as assert } from "node:assert";
import { buildGraph, SIZES } from "../../../shared/diagram/graph";
import { layoutGraph, layered } from "../../../shared/diagram/layout";
import type { TopologyModel, Topology, Score, Deployment, SourceLocation } from "../../../shared/model";
import { deploymentNodeId } from "../../../shared/model/ids";
import { generateModel } from "../../browser/designer-models";

const loc = (line: number): SourceLocation => ({ file: "/w/shop.topology.ts", range: { start: { line, character: 0 }, end: { line, character: 60 } } });
const topology = (id: string, kind: string, capabilities: string[], extra: Partial<Topology> = {}): Topology => ({
  id, name: id, kind, userDefined: false, constName: id, spec: { name: id }, capabilities, location: loc(1), nameLocation: loc(1), external: false, ...extra,
});
const score = (id: string, kind: string, requires: string[]): Score => ({
  id, name: id, kind, userDefined: false, spec: { name: id }, requires, location: loc(2), nameLocation: loc(2), external: false,
});
const deployment = (id: string, t: string, s: string, missing: string[] = []): Deployment => ({ id, constName: id, topology: t, score: s, missing, location: loc(3), nameLocation: loc(3) });

const K8S = ["K8sClient", "HelmCommand", "PostgreSQL", "TlsRouter"];
function shop(): TopologyModel {
  return {
    file: "/w/shop.topology.ts",
    topologies: [
      topology("siteA", "k8sAnywhere", K8S),
      topology("siteB", "k8sAnywhere", K8S),
      topology("shop", "failover", ["K8sClient", "HelmCommand", "PostgreSQL"], { primary: "siteA", replica: "siteB" }),
      topology("edge", "linuxHost", ["Docker"]),
    ],
    scores: [score("db.score", "postgres", ["PostgreSQL"]), score("metrics.score", "dockerApp", ["Docker"])],
    deployments: [deployment("db", "shop", "db.score"), deployment("metrics", "shop", "metrics.score", ["Docker"])],
    capabilities: [],
  };
}

describe("the canvas graph", () => {
  it("nests failover sides in labelled primary and replica slots", () => {
    const g = buildGraph(shop(), []);
    const group = g.nodes.find((n) => n.id === "shop")!;
    assert.equal(group.type, "failover");
    const a = g.nodes.find((n) => n.id === "siteA")!;
    const b = g.nodes.find((n) => n.id === "siteB")!;
    assert.equal(a.parentId, "shop");
    assert.equal(b.parentId, "shop");
    assert.ok(b.relative!.x > a.relative!.x + a.width, "replica sits right of primary");
    assert.ok(group.width >= a.width + b.width + SIZES.failover.gap);
    assert.ok(g.nodes.indexOf(group) < g.nodes.indexOf(a), "a group comes before its children");
    if (group.data.role !== "failover") throw new Error("not a failover");
    assert.deepEqual(group.data.slots.map((s) => [s.side, s.childId]), [["primary", "siteA"], ["replica", "siteB"]]);
  });

  it("nests a failover of failovers", () => {
    const m = shop();
    m.topologies.push(topology("edge2", "linuxHost", ["Docker"]));
    m.topologies.push(topology("outer", "failover", [], { primary: "shop", replica: "edge2" }));
    const g = buildGraph(m, []);
    assert.equal(g.nodes.find((n) => n.id === "shop")!.parentId, "outer");
    assert.equal(g.nodes.find((n) => n.id === "siteA")!.parentId, "shop");
    const outer = g.nodes.find((n) => n.id === "outer")!;
    assert.ok(outer.width > g.nodes.find((n) => n.id === "shop")!.width);
  });

  it("draws a rejected deployment red with the checker's message", () => {
    const g = buildGraph(shop(), [
      { code: "HARMONY1001", severity: "error", message: `topology "shop" does not provide Docker, which score "metrics" requires`, file: "/w/shop.topology.ts", range: loc(3).range, related: [], subject: "metrics" },
    ]);
    const edge = g.edges.find((e) => e.id === deploymentNodeId("metrics"))!;
    assert.equal(edge.data.rejected, true);
    assert.match(edge.data.message!, /HARMONY1001: topology "shop" does not provide Docker/);
    const s = g.nodes.find((n) => n.id === "metrics.score")!;
    assert.ok(s.data.role === "score" && s.data.rejections.length === 1);
    assert.equal(g.edges.find((e) => e.id === deploymentNodeId("db"))!.data.rejected, false);
    assert.equal(g.errorCount, 1);
  });
});

describe("the canvas layout", () => {
  it("lays a fresh drawing out left to right: topologies before their scores", async () => {
    const g = buildGraph(shop(), []);
    const p = await layoutGraph(g, new Map());
    assert.ok(p.get("db.score")!.x > p.get("shop")!.x + g.nodes.find((n) => n.id === "shop")!.width);
    assert.equal(p.has("siteA"), false, "nested nodes are placed by their group");
  });

  it("uses elkjs for components that are not a single topology with its scores", async () => {
    const m = shop();
    m.deployments.push(deployment("db2", "edge", "db.score", ["PostgreSQL"]));
    const g = buildGraph(m, []);
    const p = await layered(g);
    for (const n of g.nodes.filter((x) => !x.parentId)) assert.ok(p.has(n.id), `${n.id} placed`);
  });

  it("adding a node moves no other node", async () => {
    const before = buildGraph(shop(), []);
    const first = await layoutGraph(before, new Map());
    const m = shop();
    m.scores.push(score("cache.score", "dockerApp", ["Docker"]));
    m.deployments.push(deployment("cache", "edge", "cache.score"));
    m.topologies.push(topology("lab", "okdCluster", [...K8S, "NetworkManager"]));
    const after = await layoutGraph(buildGraph(m, []), first);
    for (const [id, p] of first) assert.deepEqual(after.get(id), p, `${id} stayed`);
    const edge = after.get("edge")!;
    assert.ok(after.get("cache.score")!.x > edge.x, "a new score goes beside its topology");
  });

  it("a new failover takes the place of the topologies it wraps", async () => {
    const m = shop();
    m.topologies = m.topologies.filter((t) => t.id !== "shop");
    m.deployments = [];
    const first = await layoutGraph(buildGraph(m, []), new Map());
    const wrapped = shop();
    wrapped.deployments = [];
    const after = await layoutGraph(buildGraph(wrapped, []), first);
    const group = after.get("shop")!;
    assert.ok(Math.abs(group.x - (Math.min(first.get("siteA")!.x, first.get("siteB")!.x) - SIZES.failover.pad)) < 1);
  });

  it("lays out a generated 1000-node model", async () => {
    const { model, diagnostics } = generateModel(1000);
    const g = buildGraph(model, diagnostics);
    assert.equal(g.nodes.length, 1000);
    const p = await layoutGraph(g, new Map());
    assert.equal(p.size, g.nodes.filter((n) => !n.parentId).length);
  });
});
