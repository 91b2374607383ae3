import { strict as assert } from "node:assert";
import * as path from "node:path";
import { TopologyWorkspace, type Analysis } from "../../../language/analyzer";
import { planDeployment, type Plan } from "../../../engine/deploy";

// failover(failover(a, b), failover(c, d)): one primary, on the root's primary leaf; every other
// leaf a replica streaming from it. Stateless scores run on every leaf.

const file = path.resolve(__dirname, "..", "..", "fixtures", "language", "nested-pg.topology.ts").replace(/\\/g, "/");

function analyze(lines: string[]): Analysis {
  const ws = new TopologyWorkspace();
  ws.setDocument(file, lines.join("\n") + "\n", 1);
  return ws.analyze(file);
}

function planOf(a: Analysis, name: string): Plan {
  const r = planDeployment(a.model, name, a.diagnostics);
  assert.ok(r.ok, r.ok ? "" : r.error);
  return r.plan;
}

const SITES = [
  `import { k8sAnywhere, okdCluster, failover, deploy, postgres, k8sApp } from "@harmony/topology";`,
  `const a = k8sAnywhere({ name: "a", context: "a", namespace: "db" });`,
  `const b = k8sAnywhere({ name: "b", context: "b", namespace: "db" });`,
  `const c = k8sAnywhere({ name: "c", context: "c", namespace: "db" });`,
  `const d = k8sAnywhere({ name: "d", context: "d", namespace: "db" });`,
  `export const east = failover({ name: "east", primary: a, replica: b });`,
  `export const west = failover({ name: "west", primary: c, replica: d });`,
  `export const world = failover({ name: "world", primary: west, replica: east });`,
];

describe("PostgreSQL on a failover of failovers", () => {
  const a = analyze([...SITES, `export const pg = deploy(world, postgres({ name: "pg", instances: 2 }));`, `export const web = deploy(world, k8sApp({ name: "web", image: "nginx", port: 80 }));`]);

  it("checks clean", () => {
    assert.deepEqual(a.diagnostics.map((d) => `${d.code} ${d.message}`), []);
  });

  it("plans one primary on the root's primary leaf and a replica on every other leaf, each streaming from the primary", () => {
    const plan = planOf(a, "pg");
    const clusters = plan.steps.filter((s) => s.action === "apply").flatMap((s) => s.objects.filter((o) => o.kind === "Cluster").map((o) => [s.target.context, s.side, (o.spec as any).replica?.source]));
    assert.deepEqual(clusters, [
      ["c", "primary", "pg-d"],
      ["d", "replica", "pg-c"],
      ["a", "replica", "pg-c"],
      ["b", "replica", "pg-c"],
    ]);
    const wait = plan.steps.find((s) => s.action === "wait")!;
    assert.equal(wait.target.context, "c");
    // Every replica's secrets come from the one primary, after it is healthy.
    const copies = plan.steps.filter((s) => s.action === "copy-secrets");
    assert.deepEqual(copies.map((s) => [s.copy!.from.context, s.target.context, s.after.includes(wait.id)]), [
      ["c", "d", true],
      ["c", "a", true],
      ["c", "b", true],
    ]);
    // Each replica waits for its own copy, not for the other replicas.
    for (const replica of plan.steps.filter((s) => s.action === "apply" && s.side === "replica" && s.objects.some((o) => o.kind === "Cluster"))) {
      const copy = copies.find((c) => c.target.context === replica.target.context)!;
      assert.deepEqual(replica.after, [copy.id]);
    }
  });

  it("runs a stateless score on every leaf", () => {
    const plan = planOf(a, "web");
    assert.deepEqual(plan.steps.map((s) => s.target.context), ["c", "d", "a", "b"]);
  });

  it("refuses at check time, with the planner's words, when two leaves share a place", () => {
    const same = analyze([...SITES.map((l) => l.replace(`context: "d"`, `context: "a"`)), `export const pg = deploy(world, postgres({ name: "pg" }));`]);
    const [d] = same.diagnostics.filter((x) => x.code === "HARMONY1004");
    assert.ok(d, same.diagnostics.map((x) => x.code).join(", "));
    assert.match(d.message, /failover "world": "d" and "a" are the same context and namespace \(a\/db\); each PostgreSQL replica needs a place of its own/);
    const r = planDeployment(same.model, "pg");
    assert.ok(!r.ok && r.error.includes(`"d" and "a" are the same context and namespace`), r.ok ? "" : r.error);
  });

  it("refuses a leaf that appears twice", () => {
    const twice = analyze([...SITES, `export const loop = failover({ name: "loop", primary: east, replica: a });`, `export const pg = deploy(loop, postgres({ name: "pg" }));`]);
    assert.ok(twice.diagnostics.some((x) => x.code === "HARMONY1004" && /"a" appears twice in it/.test(x.message)), twice.diagnostics.map((x) => x.message).join("\n"));
  });
});
