import { strict as assert } from "node:assert";
import { buildGraph } from "../../../shared/diagram/graph";
import { flowEdges, flowNodes } from "../../../webview/flow";
import { selectionOf, withSelectChanges, withSelected } from "../../../webview/selection";
import { shopModel } from "./canvas-model";

describe("the canvas as React Flow draws it", () => {
  const graph = buildGraph(shopModel(), []);

  it("puts top-level nodes where their positions say and nested ones in their group's slot", () => {
    const nodes = flowNodes(graph, new Map([["shop", { x: 10, y: 20 }]]), new Set(["edge"]));
    const shop = nodes.find((n) => n.id === "shop")!;
    const siteA = nodes.find((n) => n.id === "siteA")!;
    assert.deepEqual(shop.position, { x: 10, y: 20 });
    assert.equal(siteA.parentId, "shop");
    assert.equal(siteA.draggable, false);
    assert.deepEqual(siteA.position, graph.nodes.find((n) => n.id === "siteA")!.relative);
    assert.equal(nodes.find((n) => n.id === "edge")!.selected, true);
    assert.match(siteA.ariaLabel!, /^k8sAnywhere topology site-a, provides K8sClient/);
  });

  it("labels a deployment's edge with its last deploy", () => {
    const status = { outcome: "failed" as const, at: "2026-01-01T10:00:00Z", summary: "nothing applied" };
    const [orders, cache] = flowEdges(graph, { cache: status }, new Set());
    assert.equal(orders.data!.status, undefined);
    assert.equal(cache.data!.status, status);
    assert.match(cache.ariaLabel!, /last deploy failed$/);
  });

  it("knows what is selected: one node, one deployment, several, or nothing", () => {
    const nodes = flowNodes(graph, new Map(), new Set());
    const edges = flowEdges(graph, {}, new Set());
    assert.deepEqual(selectionOf(nodes, edges), { kind: "none" });
    assert.deepEqual(selectionOf(withSelected(nodes, new Set(["shop"])), edges), { kind: "failover", id: "shop" });
    assert.deepEqual(selectionOf(nodes, withSelected(edges, new Set(["deployment:cache"]))), { kind: "deployment", id: "cache" });
    assert.deepEqual(selectionOf(withSelected(nodes, new Set(["siteA", "edge"])), edges), { kind: "many", ids: ["edge", "siteA"] });
  });

  it("changes only the nodes whose selection changes", () => {
    const nodes = flowNodes(graph, new Map(), new Set(["edge"]));
    const next = withSelected(nodes, new Set(["edge", "redis"]));
    assert.equal(next.find((n) => n.id === "edge"), nodes.find((n) => n.id === "edge"));
    assert.notEqual(next.find((n) => n.id === "redis"), nodes.find((n) => n.id === "redis"));
  });

  it("follows React Flow's selection of edges, and ignores its removals", () => {
    const none: ReadonlySet<string> = new Set();
    const one = withSelectChanges(none, [{ type: "select", id: "deployment:cache", selected: true }]);
    assert.deepEqual([...one], ["deployment:cache"]);
    assert.equal(withSelectChanges(one, [{ type: "select", id: "deployment:cache", selected: true }]), one, "no change, same set");
    assert.equal(withSelectChanges(one, [{ type: "remove", id: "deployment:cache" }]), one);
    assert.deepEqual([...withSelectChanges(one, [{ type: "select", id: "deployment:cache", selected: false }])], []);
  });
});
