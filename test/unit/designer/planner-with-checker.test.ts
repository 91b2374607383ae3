import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeFiles } from "../../../language/analyzer";
import { applyOps } from "./apply-ops";

// The planner's edits, read back by the real checker: what the canvas asked for is what the model says.
describe("canvas ops read back by the checker", function () {
  this.timeout(60_000);
  const shop = readFileSync(join(__dirname, "../../../examples/shop.topology.ts"), "utf8");
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "harmony-planner-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  let n = 0;
  function check(text: string) {
    const file = join(dir, `shop${++n}.topology.ts`);
    writeFileSync(file, text);
    return analyzeFiles([file]).get(file)!;
  }
  const errors = (a: ReturnType<typeof check>) => a.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);

  it("the example has one rejected deployment, metrics on the shop failover; the cache on the edge host deploys", () => {
    assert.deepEqual(check(shop).diagnostics.map((d) => [d.code, d.subject]), [["HARMONY1001", "metrics"]]);
  });

  it("moving the metrics edge to the edge host clears HARMONY1001, and both Docker apps there deploy over SSH", () => {
    const a = check(applyOps(shop, { kind: "moveDeployment", deploymentId: "metrics", topologyId: "edge" }));
    assert.deepEqual(a.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.subject]), []);
    assert.equal(a.model.deployments.find((d) => d.id === "metrics")!.topology, "edge");
  });

  it("dropping Postgres on the Linux host adds a deployment the checker rejects", () => {
    const a = check(applyOps(shop, { kind: "addScore", factory: "postgres", name: "edge-db", topologyId: "edge" }));
    const d = a.model.deployments.find((x) => x.id === "edgeDb")!;
    assert.deepEqual(d.missing, ["PostgreSQL"]);
    assert.ok(a.diagnostics.some((x) => x.code === "HARMONY1001" && x.subject === "edgeDb"));
  });

  it("every palette kind added from scratch type-checks; those with no deploy interpreter say so", () => {
    const text = applyOps(
      "// lab\n",
      { kind: "addTopology", factory: "k8sAnywhere", name: "cluster" },
      { kind: "addTopology", factory: "okdCluster", name: "okd" },
      { kind: "addTopology", factory: "linuxHost", name: "host" },
      { kind: "addScore", factory: "postgres", name: "postgres", topologyId: "cluster" },
      { kind: "addScore", factory: "k8sApp", name: "app", topologyId: "cluster" },
      { kind: "addScore", factory: "helmChart", name: "chart", topologyId: "okd" },
      { kind: "addScore", factory: "dockerApp", name: "container", topologyId: "host" },
      { kind: "addScore", factory: "hostBonds", name: "bonds", topologyId: "okd" },
      { kind: "wrapInFailover", primary: "cluster", replica: "okd", name: "pair" },
    );
    const a = check(text);
    assert.deepEqual(errors(a).filter((e) => !e.startsWith("HARMONY1004")), []);
    // A fresh OKD cluster has no hosts yet, so host bonds on it have nothing to bond.
    assert.deepEqual(a.diagnostics.filter((d) => d.code === "HARMONY1004").map((d) => d.subject), ["chart", "bonds"]);
    assert.equal(a.model.topologies.find((t) => t.id === "pair")?.primary, "cluster");
    assert.equal(a.model.deployments.length, 5);
  });

  it("an empty failover from the palette is flagged until both slots are filled", () => {
    const src = shop.replace(/export const shop = [^\n]*\n/, "").replace(/deploy\(shop,/g, "deploy(siteA,");
    const empty = applyOps(src, { kind: "addTopology", factory: "failover", name: "pair" });
    const a = check(empty);
    assert.ok(errors(a).length > 0, "a failover without sides does not type-check");
    const pair = a.model.topologies.find((t) => t.id === "pair");
    assert.equal(pair?.kind, "failover");
    const filled = check(
      applyOps(empty, { kind: "fillSlot", failoverId: "pair", side: "primary", topologyId: "siteA" }, { kind: "fillSlot", failoverId: "pair", side: "replica", topologyId: "siteB" }),
    );
    assert.deepEqual(errors(filled).filter((e) => !e.startsWith("HARMONY1001") && !e.startsWith("HARMONY1004")), []);
    assert.equal(filled.model.topologies.find((t) => t.id === "pair")?.replica, "siteB");
  });

  it("wrap, unwrap, rename and delete keep the file valid", () => {
    const src = shop.replace(/export const metrics[^\n]*\n/, "");
    const text = applyOps(
      src,
      { kind: "unwrap", failoverId: "shop" },
      { kind: "wrapInFailover", primary: "siteA", replica: "siteB", name: "shop-ha" },
      { kind: "moveDeployment", deploymentId: "ordersDb", topologyId: "shopHa" },
      { kind: "rename", id: "edge", newName: "edge-east" },
      { kind: "setField", id: "ordersDb.score", path: ["instances"], value: 3 },
      { kind: "delete", id: "cache" },
    );
    const a = check(text);
    assert.deepEqual(errors(a), []);
    assert.equal(a.model.deployments.find((d) => d.id === "ordersDb")!.topology, "shopHa");
    assert.equal(a.model.scores.find((s) => s.id === "ordersDb.score")!.spec.instances, 3);
    assert.equal(a.model.topologies.find((t) => t.id === "edge")!.name, "edge-east");
    assert.match(text, /\/\/ The shop: two Kubernetes sites in failover/, "the header comment stays");
  });

  it("a topology written behind a type assertion (<T>x) is read and edited as the same value", () => {
    const text = [
      `import { k8sAnywhere, deploy, postgres } from "@harmony/topology";`,
      `export const site = <ReturnType<typeof k8sAnywhere>>k8sAnywhere({ name: "site" });`,
      `export const db = deploy(site, postgres({ name: "db" }));`,
      ``,
    ].join("\n");
    const before = check(text);
    assert.equal(before.model.topologies.find((t) => t.id === "site")?.name, "site");
    const after = check(applyOps(text, { kind: "setField", id: "site", path: ["namespace"], value: "shop" }));
    assert.deepEqual(after.model.topologies.find((t) => t.id === "site")?.spec, { name: "site", namespace: "shop" });
    assert.deepEqual(errors(after), []);
  });
});
