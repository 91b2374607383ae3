import { strict as assert } from "node:assert";
import { buildGraph } from "../../../shared/diagram/graph";
import { flowNodes } from "../../../webview/flow";
import { dropOnSlot, wrapSelectionInMultisite, type PlacedNode } from "../../../webview/ops";
import { shopModel, topology } from "../deploy/shop";
import { parseHostMessage } from "../../../shared/protocol/webview";

// A multisite on the canvas: a group with a slot per site (the first primary) and one to drop a
// new site in; dragging a topology in adds it, dragging a site to another slot reorders, dragging
// it out removes it.

function canvas() {
  const model = shopModel();
  model.topologies.push(topology("siteC", "k8sAnywhere", { name: "site-c", context: "site-c" }));
  const world = topology("world", "multisite", { name: "world" });
  world.sites = ["siteC", "edge"];
  model.topologies.push(world);
  const graph = buildGraph(model, []);
  const nodes: PlacedNode[] = flowNodes(graph, new Map([["shop", { x: 0, y: 0 }], ["world", { x: 1000, y: 0 }], ["siteA", { x: 0, y: 600 }]]), new Set());
  const group = graph.nodes.find((n) => n.id === "world")!;
  if (group.data.role !== "failover") throw new Error("not a group");
  const point = (site: number) => {
    const s = (group.data as { slots: { site?: number; x: number; y: number }[] }).slots.find((x) => x.site === site)!;
    return { x: 1000 + s.x + 5, y: s.y + 30 };
  };
  return { model, graph, nodes, group, point };
}

describe("multisite on the canvas", () => {
  it("draws a group with a slot per site, the first one primary, and one to add a site", () => {
    const { graph, group } = canvas();
    if (group.data.role !== "failover") throw new Error("not a group");
    assert.equal(group.type, "failover");
    assert.deepEqual(group.data.slots.map((s) => [s.side, s.site, s.childId]), [
      ["site 1 · primary", 0, "siteC"],
      ["site 2", 1, "edge"],
      ["add a site", 2, undefined],
    ]);
    assert.equal(graph.nodes.find((n) => n.id === "edge")!.parentId, "world");
    // Sites can be dragged (to reorder or remove them); a failover's sides stay in their slots.
    const flow = flowNodes(graph, new Map(), new Set());
    assert.equal(flow.find((n) => n.id === "edge")!.draggable, true);
    assert.equal(flow.find((n) => n.id === "siteA")!.draggable, false);
  });

  it("reaches the canvas with its sites: the host's message keeps them", () => {
    const { model } = canvas();
    const parsed = parseHostMessage({ type: "model", uri: "file:///w.topology.ts", version: 1, model, diagnostics: [], positions: {} });
    assert.ok(parsed.ok, parsed.ok ? "" : parsed.error);
    if (parsed.message.type !== "model") throw new Error("not a model message");
    assert.deepEqual(parsed.message.model.topologies.find((t) => t.id === "world")!.sites, ["siteC", "edge"]);
  });

  it("adds a topology dropped on a slot as a site there", () => {
    const { nodes, point } = canvas();
    const shop = nodes.find((n) => n.id === "shop")!;
    assert.deepEqual(dropOnSlot(shop, nodes, point(2)), { kind: "addSite", multisiteId: "world", topologyId: "shop", index: 2 });
    assert.deepEqual(dropOnSlot(shop, nodes, point(0)), { kind: "addSite", multisiteId: "world", topologyId: "shop", index: 0 });
  });

  it("moves a site dragged to another of its slots, and removes one dragged out", () => {
    const { nodes, point } = canvas();
    const edge = nodes.find((n) => n.id === "edge")!;
    assert.deepEqual(dropOnSlot(edge, nodes, point(0)), { kind: "moveSite", multisiteId: "world", from: 1, to: 0 });
    // The slot that adds a site stands for the end of the list.
    assert.equal(dropOnSlot(edge, nodes, point(2)), undefined);
    assert.equal(dropOnSlot(edge, nodes, point(1)), undefined, "dropped back on its own slot");
    assert.deepEqual(dropOnSlot(edge, nodes, { x: 500, y: 900 }), { kind: "removeSite", multisiteId: "world", index: 1 });
    // A failover's side dragged out is not removed from it.
    assert.equal(dropOnSlot(nodes.find((n) => n.id === "siteA")!, nodes, { x: 500, y: 900 }), undefined);
  });

  it("wraps two or more selected topologies in a multisite, the first selected primary", () => {
    const { model } = canvas();
    assert.deepEqual(wrapSelectionInMultisite(model, { kind: "many", ids: ["siteA", "siteB", "siteC"] }), {
      kind: "wrapInMultisite",
      sites: ["siteA", "siteB", "siteC"],
      name: "site-a-sites",
    });
    assert.equal(wrapSelectionInMultisite(model, { kind: "topology", id: "siteA" } as never), undefined);
  });
});
