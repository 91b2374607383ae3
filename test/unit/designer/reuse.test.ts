import { strict as assert } from "node:assert";
import { buildGraph } from "../../../shared/diagram/graph";
import { flowEdges, flowNodes, type FlowNode } from "../../../webview/flow";
import { keepUnchanged } from "../../../webview/reuse";
import { shopModel } from "./canvas-model";

describe("a redraw keeps what an op did not change", () => {
  const at = new Map([["shop", { x: 10, y: 20 }], ["edge", { x: 400, y: 20 }]]);

  it("gives back the very same list when a new model changes nothing on the canvas", () => {
    const before = flowNodes(buildGraph(shopModel(), []), at, new Set());
    const after = keepUnchanged(before, flowNodes(buildGraph(shopModel(), []), at, new Set()));
    assert.equal(after, before);
    const edges = flowEdges(buildGraph(shopModel(), []), {}, new Set());
    assert.equal(keepUnchanged(edges, flowEdges(buildGraph(shopModel(), []), {}, new Set())), edges);
  });

  it("replaces only the node whose score changed, and keeps what React Flow measured on the others", () => {
    const before = flowNodes(buildGraph(shopModel(), []), at, new Set());
    const measured = before.map((n) => ({ ...n, measured: { width: n.width, height: n.height } })) as FlowNode[];
    const model = shopModel();
    const score = model.scores[0];
    score.spec = { ...score.spec, instances: 7 };
    const after = keepUnchanged(measured, flowNodes(buildGraph(model, []), at, new Set()));
    assert.notEqual(after, measured);
    const changed = after.filter((n, i) => n !== measured[i]).map((n) => n.id);
    assert.deepEqual(changed, [score.id]);
    assert.equal(after.find((n) => n.id === score.id)!.data.role, "score");
  });

  it("replaces a node that moved or whose selection changed", () => {
    const before = flowNodes(buildGraph(shopModel(), []), at, new Set());
    const moved = keepUnchanged(before, flowNodes(buildGraph(shopModel(), []), new Map([...at, ["edge", { x: 500, y: 20 }]]), new Set()));
    assert.deepEqual(moved.filter((n, i) => n !== before[i]).map((n) => n.id), ["edge"]);
    const selected = keepUnchanged(before, flowNodes(buildGraph(shopModel(), []), at, new Set(["shop"])));
    assert.deepEqual(selected.filter((n, i) => n !== before[i]).map((n) => n.id), ["shop"]);
  });

  it("draws a node that is new and drops one that is gone", () => {
    const full = flowNodes(buildGraph(shopModel(), []), at, new Set());
    const fewer = full.slice(1);
    const after = keepUnchanged(fewer, full);
    assert.equal(after.length, full.length);
    assert.equal(after[0], full[0]);
    assert.equal(keepUnchanged(full, fewer).length, fewer.length);
  });
});
