import { strict as assert } from "node:assert";
import { join } from "node:path";
import { TopologyWorkspace } from "../../../language/analyzer";
import { planEdits } from "../../../language/edits";
import { applyOps } from "./apply-ops";

// Canvas ops on a multisite: wrap, add, remove and reorder sites. Each is a minimal edit of the
// `sites: [...]` list, read back by the checker.

const START = [
  `import { k8sAnywhere, deploy, k8sApp } from "@harmony/topology";`,
  `export const paris = k8sAnywhere({ name: "paris", context: "paris" });`,
  `export const montreal = k8sAnywhere({ name: "montreal", context: "montreal" });`,
  `export const tokyo = k8sAnywhere({ name: "tokyo", context: "tokyo" });`,
  ``,
].join("\n");


function changedLines(before: string, after: string): string[] {
  const a = before.split("\n");
  return after.split("\n").filter((line, i) => line !== a[i]);
}

describe("multisite on the canvas: the edits", function () {
  this.timeout(30_000);
  const file = join(__dirname, "../../fixtures/language/multisite-ops.topology.ts").replace(/\\/g, "/");
  const check = (text: string) => {
    const ws = new TopologyWorkspace();
    ws.setDocument(file, text, 1);
    return ws.analyze(file);
  };

  const wrapped = applyOps(START, { kind: "wrapInMultisite", sites: ["paris", "montreal"], name: "world" });

  it("wraps two topologies in a multisite, importing it, and the checker reads its sites", () => {
    assert.match(wrapped, /^import \{ k8sAnywhere, deploy, k8sApp, multisite \} from "@harmony\/topology";$/m);
    assert.match(wrapped, /^export const world = multisite\(\{ name: "world", sites: \[paris, montreal\] \}\);$/m);
    const a = check(wrapped);
    assert.deepEqual(a.diagnostics, []);
    assert.deepEqual(a.model.topologies.find((t) => t.id === "world")!.sites, ["paris", "montreal"]);
  });

  it("adds a site dropped on it at the end or at a slot, changing only that line", () => {
    const added = applyOps(wrapped, { kind: "addSite", multisiteId: "world", topologyId: "tokyo" });
    assert.deepEqual(changedLines(wrapped, added), [`export const world = multisite({ name: "world", sites: [paris, montreal, tokyo] });`]);
    const first = applyOps(wrapped, { kind: "addSite", multisiteId: "world", topologyId: "tokyo", index: 0 });
    assert.deepEqual(check(first).model.topologies.find((t) => t.id === "world")!.sites, ["tokyo", "paris", "montreal"]);
    // Dropping a site it already has changes nothing.
    assert.deepEqual(planEdits(added, { kind: "addSite", multisiteId: "world", topologyId: "paris" }), { ok: true, edits: [], createdIds: [] });
  });

  it("reorders sites by drag: the one moved to the front becomes the primary site", () => {
    const three = applyOps(wrapped, { kind: "addSite", multisiteId: "world", topologyId: "tokyo" });
    const moved = applyOps(three, { kind: "moveSite", multisiteId: "world", from: 2, to: 0 });
    assert.deepEqual(changedLines(three, moved), [`export const world = multisite({ name: "world", sites: [tokyo, paris, montreal] });`]);
    const withApp = moved + `export const web = deploy(world, k8sApp({ name: "web", image: "nginx" }));\n`;
    assert.deepEqual(check(withApp).model.topologies.find((t) => t.id === "world")!.sites, ["tokyo", "paris", "montreal"]);
  });

  it("keeps comments and line breaks of a list written over several lines", () => {
    const multiline = START + `export const world = multisite({\n  name: "world",\n  sites: [\n    paris, // EU\n    montreal, // NA\n    tokyo, // APAC\n  ],\n});\n`;
    const moved = applyOps(multiline, { kind: "moveSite", multisiteId: "world", from: 0, to: 2 });
    assert.match(moved, /sites: \[\n    montreal, \/\/ EU\n    tokyo, \/\/ NA\n    paris, \/\/ APAC\n  \],/);
    const removed = applyOps(multiline, { kind: "removeSite", multisiteId: "world", index: 1 });
    assert.match(removed, /sites: \[\n    paris, \/\/ EU\n    tokyo, \/\/ APAC\n  \],/);
  });

  it("removes a site, but never below two, and refuses what it cannot do with the reason", () => {
    const three = applyOps(wrapped, { kind: "addSite", multisiteId: "world", topologyId: "tokyo" });
    assert.match(applyOps(three, { kind: "removeSite", multisiteId: "world", index: 2 }), /sites: \[paris, montreal\]/);
    const two = planEdits(wrapped, { kind: "removeSite", multisiteId: "world", index: 0 });
    assert.ok(!two.ok && /needs two sites or more/.test(two.message));
    const self = planEdits(wrapped, { kind: "addSite", multisiteId: "world", topologyId: "world" });
    assert.ok(!self.ok && /its own sites/.test(self.message));
    const notOne = planEdits(wrapped, { kind: "moveSite", multisiteId: "paris", from: 0, to: 1 });
    assert.ok(!notOne.ok && /not a multisite/.test(notOne.message));
  });

  it("the palette's multisite starts with no sites, flagged until two are dropped in", () => {
    const empty = applyOps(START, { kind: "addTopology", factory: "multisite", name: "sites" });
    assert.match(empty, /^export const sites = multisite\(\{ name: "sites", sites: \[\] \}\);$/m);
    assert.ok(check(empty).diagnostics.some((d) => d.code === "TS2322"));
    const filled = applyOps(empty, { kind: "addSite", multisiteId: "sites", topologyId: "paris" }, { kind: "addSite", multisiteId: "sites", topologyId: "tokyo" });
    assert.match(filled, /sites: \[paris, tokyo\]/);
    assert.deepEqual(check(filled).diagnostics, []);
  });
});
