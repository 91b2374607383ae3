import { strict as assert } from "node:assert";
import { enactmentState, formatFollow, type FollowResult } from "../../../engine/bonds/follow";

const enactment = (generation: number, trueOne: string, message = "") => ({
  status: {
    policyGeneration: generation,
    conditions: ["Available", "Failing", "Pending", "Progressing", "Aborted"].map((type) => ({ type, status: type === trueOne ? "True" : "False", message: type === trueOne ? message : "" })),
  },
});

describe("reading a node's enactment", () => {
  it("takes the condition that is True, with nmstate's message", () => {
    assert.deepEqual(enactmentState(enactment(3, "Failing", "rolling back desired state configuration"), 3), { state: "Failing", message: "rolling back desired state configuration" });
    assert.equal(enactmentState(enactment(3, "Available"), 3).state, "Available");
    assert.equal(enactmentState(enactment(3, "Progressing"), 3).state, "Progressing");
  });

  it("does not take an enactment of an earlier generation of the policy for this apply", () => {
    const r = enactmentState(enactment(2, "Available"), 3);
    assert.equal(r.state, "Pending");
    assert.match(r.message ?? "", /generation 3/);
  });

  it("is Unknown before nmstate writes anything", () => {
    assert.equal(enactmentState(undefined, 1).state, "Unknown");
    assert.equal(enactmentState({ status: {} }, 1).state, "Unknown");
  });
});

describe("the summary of a followed apply", () => {
  const base = { policies: [], cancelled: false, timedOut: false, elapsedMs: 12_000 };
  it("lists each node, with nmstate's message for a failing one", () => {
    const result: FollowResult = {
      ...base,
      ok: false,
      nodes: [
        { host: "worker-0", node: "worker-0.lab", policy: "p0", state: "Available", settled: true, message: "successfully reconciled" },
        { host: "worker-1", node: "worker-1.lab", policy: "p1", state: "Failing", settled: true, message: "failed to retrieve default gw" },
      ],
    };
    assert.equal(
      formatFollow(result),
      "1 of 2 node(s) failed to take their bond:\n  worker-0 (node worker-0.lab): Available\n  worker-1 (node worker-1.lab): Failing — failed to retrieve default gw",
    );
  });

  it("says which nodes had not settled when time ran out", () => {
    const result: FollowResult = { ...base, timedOut: true, ok: false, nodes: [{ host: "w", node: "w.lab", policy: "p", state: "Unknown", settled: false }] };
    assert.equal(formatFollow(result), "1 node(s) not settled after 12 s:\n  w (node w.lab): still not picked up by nmstate");
  });
});
