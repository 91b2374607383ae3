import { strict as assert } from "node:assert";
import { planEdits } from "../../../language/edits";
import { applyOps } from "./apply-ops";
import { liveMarks, makePrimaryOfSelection } from "../../../webview/SideActions";
import { shopModel, topology } from "./canvas-model";

// "Make primary" on a failover side, and Harmony: Switch Over…, as an edit of the topology file.

const SRC = `import { k8sAnywhere, failover, deploy, postgres } from "@harmony/topology";
export const siteA = k8sAnywhere({ name: "site-a", context: "site-a" });
export const siteB = k8sAnywhere({ name: "site-b", context: "site-b" });
export const shop = failover({
  name: "shop",
  primary: siteA, // main site
  replica: siteB,
});
export const db = deploy(shop, postgres({ name: "orders-db" }));
`;


describe("make a failover side primary", () => {
  it("swaps primary and replica, keeping comments and layout", () => {
    const out = applyOps(SRC, { kind: "makePrimary", failoverId: "shop", topologyId: "siteB" });
    assert.equal(out, SRC.replace("primary: siteA, // main site\n  replica: siteB,", "primary: siteB, // main site\n  replica: siteA,"));
  });

  it("failback is the same op with the other side; the side that is already primary changes nothing", () => {
    const swapped = applyOps(SRC, { kind: "makePrimary", failoverId: "shop", topologyId: "siteB" });
    assert.equal(applyOps(swapped, { kind: "makePrimary", failoverId: "shop", topologyId: "siteB" }), swapped);
    assert.equal(applyOps(swapped, { kind: "makePrimary", failoverId: "shop", topologyId: "siteA" }), SRC);
  });

  it("swaps sides written inline or as shorthand", () => {
    const src = `import { k8sAnywhere, failover } from "@harmony/topology";\nconst primary = k8sAnywhere({ name: "a" });\nexport const replica = k8sAnywhere({ name: "b" });\nexport const pair = failover({ name: "pair", primary, replica });\n`;
    assert.match(applyOps(src, { kind: "makePrimary", failoverId: "pair", topologyId: "replica" }), /failover\(\{ name: "pair", primary: replica, replica: primary \}\)/);
  });

  it("refuses a topology that is not a side of the failover", () => {
    const plan = planEdits(SRC, { kind: "makePrimary", failoverId: "shop", topologyId: "db" });
    assert.ok(!plan.ok && /db is not a side of shop/.test(plan.message), JSON.stringify(plan));
  });
});

describe("Make primary on the canvas", () => {
  const model = shopModel();

  it("is offered on the replica side (button or P) and sends the makePrimary op; not on the primary", () => {
    assert.deepEqual(makePrimaryOfSelection(model, { kind: "topology", id: "siteB" }), { kind: "makePrimary", failoverId: "shop", topologyId: "siteB" });
    assert.equal(makePrimaryOfSelection(model, { kind: "topology", id: "siteA" }), undefined);
    assert.equal(makePrimaryOfSelection(model, { kind: "topology", id: "edge" }), undefined);
    assert.equal(makePrimaryOfSelection(model, { kind: "none" }), undefined);
  });

  it("on a multisite's other site moves it to the first slot", () => {
    const m = { ...model, topologies: [...model.topologies, topology("world", "multisite", [], { sites: ["siteA", "edge", "siteB"] })] };
    assert.deepEqual(makePrimaryOfSelection(m, { kind: "topology", id: "edge" }), { kind: "moveSite", multisiteId: "world", from: 1, to: 0 });
  });

  it("marks the side the last read found primary, by site name, the newest read winning", () => {
    const marks = liveMarks(model, {
      ordersDb: { sites: ["site-b"], at: "2026-12-02T01:00:00.000Z" },
      older: { sites: ["site-a"], at: "2026-12-01T01:00:00.000Z" },
    });
    assert.deepEqual([...marks.keys()].sort(), ["siteA", "siteB"]);
    assert.equal(marks.get("siteB")?.deployment, "ordersDb");
    const both = liveMarks(model, { ordersDb: { sites: ["site-a", "site-b"], at: "2026-12-02T01:00:00.000Z" } });
    assert.deepEqual(both.get("siteA")?.sites, ["site-a", "site-b"]);
    assert.equal(liveMarks(model, { ordersDb: { sites: ["gone"], at: "2026-12-02T01:00:00.000Z" } }).size, 0);
  });
});
