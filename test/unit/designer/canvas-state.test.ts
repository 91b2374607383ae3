import { strict as assert } from "node:assert";
import { canvasReducer, initialCanvasState, type CanvasEvent, type CanvasState } from "../../../webview/state";
import type { HostMessage } from "../../../shared/protocol/webview";
import { modelMessage, syntaxError } from "./canvas-model";

const run = (...events: (HostMessage | CanvasEvent)[]): CanvasState => events.reduce(canvasReducer, initialCanvasState);

describe("the canvas state, from the host's messages", () => {
  it("draws each model that parses, and says why when there is none", () => {
    const s = run({ type: "unavailable", message: "The Harmony language server is not running." }, modelMessage(1), modelMessage(2));
    assert.equal(s.doc?.version, 2);
    assert.equal(s.version, 2);
    assert.equal(s.unavailable, undefined, "a model clears the 'unavailable' banner");
    assert.equal(s.parseError, undefined);
  });

  it("keeps the last model that parsed under a banner while the file does not parse, and drops the banner once it does", () => {
    const good = modelMessage(1);
    const broken = run(good, modelMessage(2, { diagnostics: [syntaxError(4)] }));
    assert.equal(broken.doc, good, "the last good diagram stays");
    assert.equal(broken.version, 2, "the broken version is known (the host is told the canvas is current)");
    assert.match(broken.parseError!, /does not parse \(line 5: ',' expected.\)/);
    const fixed = canvasReducer(broken, modelMessage(3));
    assert.equal(fixed.doc?.version, 3);
    assert.equal(fixed.parseError, undefined);
  });

  it("draws a model that does not parse when there is nothing else to draw", () => {
    const s = run(modelMessage(1, { parseError: "The file could not be read." }));
    assert.equal(s.doc?.version, 1);
    assert.equal(s.parseError, "The file could not be read.");
  });

  it("takes each selection from the text cursor once, even the same ids twice", () => {
    const a = run(modelMessage(1), { type: "select", ids: ["edge"] });
    const b = canvasReducer(a, { type: "select", ids: ["edge"] });
    assert.deepEqual(a.cursor?.ids, ["edge"]);
    assert.notEqual(a.cursor, b.cursor);
  });

  it("shows why an op was refused, and clears the message with the next op", () => {
    const refused = run(modelMessage(1), { type: "opResult", requestId: "1", ok: false, message: "Nothing was deleted." });
    assert.equal(refused.notice, "Nothing was deleted.");
    assert.equal(canvasReducer(refused, { type: "opSent", baseVersion: 1, at: 0 }).notice, undefined);
    assert.equal(canvasReducer(refused, { type: "noticeDismissed" }).notice, undefined);
  });

  it("remembers what an op created until it is drawn and revealed", () => {
    const s = run(modelMessage(1), { type: "opResult", requestId: "1", ok: true, createdIds: ["cluster"] });
    assert.deepEqual(s.created, ["cluster"]);
    assert.deepEqual(canvasReducer(s, { type: "revealed" }).created, []);
    assert.equal(canvasReducer(s, { type: "opResult", requestId: "2", ok: true }).created, s.created, "an op that creates nothing keeps the pending reveal");
  });

  it("measures an op's round trip from sending it to the first newer drawing", () => {
    const sent = run(modelMessage(4), { type: "opSent", baseVersion: 4, at: 100 });
    assert.equal(canvasReducer(sent, { type: "drawn", version: 4, at: 130 }).lastRoundTrip, undefined, "a redraw of the same version is not the answer");
    const done = canvasReducer(sent, { type: "drawn", version: 5, at: 160 });
    assert.equal(done.lastRoundTrip, 60);
    assert.equal(done.pendingOp, undefined);
    assert.equal(canvasReducer(done, { type: "opSent", baseVersion: 5, at: 200 }).lastRoundTrip, undefined, "a new op clears the last figure");
  });

  it("shows each deployment's last deploy as the host last reported it", () => {
    const status = { outcome: "failed" as const, at: "2026-01-01T10:00:00Z", summary: "nothing applied" };
    const s = run({ type: "deployStatus", statuses: { storefront: status } });
    assert.deepEqual(s.deployStatus, { storefront: status });
    assert.deepEqual(canvasReducer(s, { type: "deployStatus", statuses: {} }).deployStatus, {});
  });

  it("leaves positions to their owner", () => {
    const s = run(modelMessage(1));
    assert.equal(canvasReducer(s, { type: "positions", positions: { edge: { x: 1, y: 2 } } }), s);
  });
});
