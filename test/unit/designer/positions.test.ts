import { strict as assert } from "node:assert";
import { answered, dropped, fromHost, known, laidOut, moved, noPositions, reset } from "../../../webview/positions";
import { buildGraph } from "../../../shared/diagram/graph";
import { layoutGraph } from "../../../shared/diagram/layout";
import { shopModel, topology } from "./canvas-model";

const at = (x: number, y: number) => ({ x, y });
const TOP = ["shop", "edge", "ordersDb.score", "redis"];

describe("where the canvas puts its nodes", () => {
  it("keeps what it drew for the next model, and lets what the host stores win", () => {
    let p = laidOut(noPositions, new Map([["shop", at(0, 0)], ["edge", at(0, 300)]]));
    p = fromHost(p, { edge: at(50, 400) });
    assert.deepEqual(Object.fromEntries(known(p)), { shop: at(0, 0), edge: at(50, 400) });
  });

  it("stores the whole arrangement once the user moves one box", () => {
    const drawn = laidOut(noPositions, new Map([["shop", at(0, 0)], ["edge", at(0, 300)], ["ordersDb.score", at(550, 0)], ["redis", at(300, 282)]]));
    const { positions, store } = moved(drawn, TOP, { edge: at(40, 380) });
    assert.deepEqual(store, { shop: at(0, 0), edge: at(40, 380), "ordersDb.score": at(550, 0), redis: at(300, 282) });
    assert.deepEqual(positions.stored, store);
    assert.deepEqual(known(positions).get("edge"), at(40, 380));
  });

  it("stores nothing when nothing moved", () => {
    const p = laidOut(noPositions, new Map([["shop", at(0, 0)]]));
    assert.deepEqual(moved(p, TOP, {}), { positions: p });
  });

  it("stores only the nodes drawn now, not those of an older model", () => {
    const p = laidOut(noPositions, new Map([["gone", at(9, 9)], ["shop", at(0, 0)]]));
    assert.deepEqual(moved(p, ["shop"], { shop: at(1, 1) }).store, { shop: at(1, 1) });
  });

  it("puts a node added from a drop where it was dropped, once the host names it", () => {
    let p = laidOut(noPositions, new Map([["shop", at(0, 0)]]));
    p = dropped(p, "7", at(600, 500));
    const r = answered(p, "7", ["cluster"], ["shop"]);
    assert.deepEqual(r.placed, { id: "cluster", at: at(600, 500) });
    assert.deepEqual(r.store, { shop: at(0, 0), cluster: at(600, 500) });
    assert.deepEqual(known(r.positions).get("cluster"), at(600, 500));
    assert.equal(r.positions.drops.size, 0);
  });

  it("forgets a drop whose op was refused or created nothing", () => {
    const p = dropped(noPositions, "7", at(600, 500));
    const refused = answered(p, "7", undefined, []);
    assert.equal(refused.store, undefined);
    assert.equal(refused.positions.drops.size, 0);
    assert.deepEqual(answered(noPositions, "8", ["x"], []), { positions: noPositions }, "an op not from a drop places nothing");
  });

  it("forgets every position on Auto layout", () => {
    const p = reset(fromHost(laidOut(noPositions, new Map([["shop", at(0, 0)]])), { shop: at(5, 5) }));
    assert.equal(known(p).size, 0);
  });

  it("a model with one new node keeps every other node where it was", async () => {
    const model = shopModel();
    const first = await layoutGraph(buildGraph(model, []), known(noPositions));
    const p = fromHost(laidOut(noPositions, first), { edge: at(40, 900) });
    model.topologies.push(topology("cluster", "k8sAnywhere", ["K8sClient"]));
    const next = await layoutGraph(buildGraph(model, []), known(p));
    assert.deepEqual(next.get("shop"), first.get("shop"));
    assert.deepEqual(next.get("redis"), first.get("redis"));
    assert.deepEqual(next.get("edge"), at(40, 900));
    assert.ok(next.has("cluster"));
  });
});
