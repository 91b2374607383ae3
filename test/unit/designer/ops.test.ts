import { strict as assert } from "node:assert";
import { kindSpec } from "../../../shared/model/kinds";
import { addNode, canConnect, connectScore, deleteSelection, dropFromPalette, dropOnSlot, reconnectDeployment, uniqueName, wrapSelection, type PlacedNode } from "../../../webview/ops";
import { buildGraph } from "../../../shared/diagram/graph";
import { flowNodes } from "../../../webview/flow";
import { score, shopModel, topology } from "./canvas-model";

const kind = (factory: string) => kindSpec(factory)!;
const none = { kind: "none" } as const;

describe("what a gesture on the canvas asks of the document", () => {
  it("names a new node after its kind, made unique in the file", () => {
    const model = shopModel();
    assert.deepEqual(addNode(kind("k8sAnywhere"), model, none), { kind: "addTopology", factory: "k8sAnywhere", name: "cluster" });
    model.topologies.push(topology("c1", "k8sAnywhere", [], { name: "cluster" }), topology("c2", "k8sAnywhere", [], { name: "cluster-2" }));
    assert.equal(uniqueName(model, "cluster"), "cluster-3");
    assert.deepEqual(addNode(kind("failover"), model, none), { kind: "addTopology", factory: "failover", name: "pair" });
  });

  it("adds a score on the selected topology, or on none", () => {
    const model = shopModel();
    assert.deepEqual(addNode(kind("postgres"), model, { kind: "topology", id: "edge" }), { kind: "addScore", factory: "postgres", name: "db", topologyId: "edge" });
    assert.equal((addNode(kind("postgres"), model, none) as { topologyId?: string }).topologyId, undefined);
    assert.equal((addNode(kind("postgres"), model, { kind: "score", id: "redis" }) as { topologyId?: string }).topologyId, undefined);
    assert.equal((addNode(kind("postgres"), model, { kind: "topology", id: "lib.cluster" }) as { topologyId?: string }).topologyId, undefined, "not inline on a nested declaration");
  });

  it("deploys a score dropped on a topology on the innermost one, and places anything else where it fell", () => {
    const model = shopModel();
    const nodes = flowNodes(buildGraph(model, []), new Map([["shop", { x: 0, y: 0 }]]), new Set());
    const hits = nodes.filter((n) => n.id === "shop" || n.id === "siteA");
    const onSite = dropFromPalette(kind("postgres"), model, none, { x: 30, y: 100 }, hits);
    assert.deepEqual(onSite, { op: { kind: "addScore", factory: "postgres", name: "db", topologyId: "siteA" } });
    const inSpace = dropFromPalette(kind("postgres"), model, none, { x: 900, y: 900 }, []);
    assert.deepEqual(inSpace.placeAt, { x: 900, y: 900 });
    const cluster = dropFromPalette(kind("k8sAnywhere"), model, none, { x: 30, y: 100 }, hits);
    assert.deepEqual(cluster, { op: { kind: "addTopology", factory: "k8sAnywhere", name: "cluster" }, placeAt: { x: 30, y: 100 } });
  });

  it("wraps exactly two selected topologies in a failover named after the first", () => {
    const model = shopModel();
    assert.deepEqual(wrapSelection(model, { kind: "many", ids: ["siteA", "edge"] }), { kind: "wrapInFailover", primary: "siteA", replica: "edge", name: "site-a-failover" });
    assert.equal(wrapSelection(model, { kind: "many", ids: ["siteA", "redis"] }), undefined, "a score cannot be wrapped");
    assert.equal(wrapSelection(model, { kind: "many", ids: ["siteA", "siteB", "edge"] }), undefined);
    assert.equal(wrapSelection(model, { kind: "topology", id: "siteA" }), undefined);
  });

  it("deletes one thing at a time", () => {
    assert.deepEqual(deleteSelection({ kind: "deployment", id: "cache" }), { op: { kind: "delete", id: "cache" } });
    assert.match((deleteSelection({ kind: "many", ids: ["a", "b"] }) as { notice: string }).notice, /one thing at a time/);
    assert.equal(deleteSelection(none), undefined);
  });

  it("connects a topology to a score: a new deployment, or the inline deployment moves", () => {
    const model = shopModel();
    model.scores.push(score("web", "k8sApp", ["K8sClient"]));
    assert.deepEqual(connectScore(model, "siteA", "web"), { kind: "attachScore", scoreId: "web", topologyId: "siteA" });
    assert.deepEqual(connectScore(model, "siteA", "ordersDb.score"), { kind: "moveDeployment", deploymentId: "ordersDb", topologyId: "siteA" });
    assert.equal(connectScore(model, "siteA", "edge"), undefined, "a topology is not a score");
    const nodes = [{ id: "siteA", type: "topology" }, { id: "web", type: "score" }];
    assert.equal(canConnect(nodes, "siteA", "web"), true);
    assert.equal(canConnect(nodes, "web", "siteA"), false);
    assert.equal(canConnect(nodes, "web", "web"), false);
  });

  it("moves a deployment whose edge end is dragged to another topology", () => {
    assert.deepEqual(reconnectDeployment("cache", "edge", "siteA"), { kind: "moveDeployment", deploymentId: "cache", topologyId: "siteA" });
    assert.equal(reconnectDeployment("cache", "edge", "edge"), undefined);
    assert.equal(reconnectDeployment("cache", "edge", null), undefined);
  });

  it("fills an empty failover slot with the topology dropped on it", () => {
    const model = shopModel();
    model.topologies.push(topology("pair", "failover", []));
    const graph = buildGraph(model, []);
    const nodes: PlacedNode[] = flowNodes(graph, new Map([["shop", { x: 0, y: 0 }], ["edge", { x: 0, y: 400 }], ["pair", { x: 1000, y: 0 }]]), new Set());
    const pair = graph.nodes.find((n) => n.id === "pair")!;
    if (pair.data.role !== "failover") throw new Error("not a failover");
    const replica = pair.data.slots.find((s) => s.side === "replica")!;
    const inReplica = { x: 1000 + replica.x + 5, y: replica.y + 5 };
    const edge = nodes.find((n) => n.id === "edge")!;
    assert.deepEqual(dropOnSlot(edge, nodes, inReplica), { kind: "fillSlot", failoverId: "pair", side: "replica", topologyId: "edge" });
    assert.equal(dropOnSlot(edge, nodes, { x: 500, y: 900 }), undefined, "dropped elsewhere: only moved");
    assert.equal(dropOnSlot(nodes.find((n) => n.id === "redis")!, nodes, inReplica), undefined, "a score fills no slot");
    assert.equal(dropOnSlot(nodes.find((n) => n.id === "siteA")!, nodes, inReplica), undefined, "a nested topology is not dragged out");
    const shopSlot = nodes.find((n) => n.id === "shop")!;
    assert.equal(dropOnSlot(edge, nodes, { x: shopSlot.position.x + 20, y: 80 }), undefined, "a slot that holds its side is not empty");
  });
});
