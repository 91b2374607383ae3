import * as assert from "node:assert/strict";
import * as path from "node:path";
import { TopologyWorkspace, type Analysis } from "../../../language/analyzer";
import { harmonyQuickFixes } from "../../../language/server/quick-fixes";
import { documentSymbols } from "../../../language/server/outline";
import { toLspDiagnostic } from "../../../language/server/convert";
import { planDeployment } from "../../../engine/deploy";
import { fixtures } from "./fixtures";

// multisite({ name, sites: [a, b, c] }): provides what every site provides and multisite has a
// strategy for; PostgreSQL has its primary on the first site and replicas on the others;
// stateless scores run on every site.

const file = path.join(fixtures, "multisite.topology.ts").replace(/\\/g, "/");
const HEAD = [
  `import { k8sAnywhere, okdCluster, linuxHost, multisite, failover, deploy, postgres, k8sApp, dockerApp, defineScore } from "@harmony/topology";`,
  `export const paris = k8sAnywhere({ name: "paris", context: "paris", namespace: "shop" });`,
  `export const montreal = k8sAnywhere({ name: "montreal", context: "montreal", namespace: "shop" });`,
  `export const tokyo = k8sAnywhere({ name: "tokyo", context: "tokyo", namespace: "shop" });`,
  `export const edge = linuxHost({ name: "edge", address: "10.0.0.5" });`,
  `export const edge2 = linuxHost({ name: "edge-2", address: "10.0.0.6" });`,
];

function analyze(...lines: string[]): { ws: TopologyWorkspace; a: Analysis } {
  const ws = new TopologyWorkspace();
  ws.setDocument(file, [...HEAD, ...lines].join("\n") + "\n", 1);
  return { ws, a: ws.analyze(file) };
}

describe("multisite", function () {
  this.timeout(30_000);

  it("checks clean and plans PostgreSQL: the first site primary, every other site a replica streaming from it", () => {
    const { a } = analyze(`export const world = multisite({ name: "world", sites: [paris, montreal, tokyo] });`, `export const db = deploy(world, postgres({ name: "db" }));`);
    assert.deepEqual(a.diagnostics.map((d) => `${d.code} ${d.message}`), []);
    const world = a.model.topologies.find((t) => t.id === "world")!;
    assert.deepEqual(world.sites, ["paris", "montreal", "tokyo"]);
    assert.deepEqual(world.capabilities, ["K8sClient", "HelmCommand", "PostgreSQL"]);
    const r = planDeployment(a.model, "db", a.diagnostics);
    assert.ok(r.ok, r.ok ? "" : r.error);
    const clusters = r.plan.steps.filter((s) => s.action === "apply").flatMap((s) => s.objects.filter((o) => o.kind === "Cluster").map((o) => `${s.target.context} ${(o.spec as any).replica.primary === (o.spec as any).replica.self ? "primary" : "replica"}`));
    assert.deepEqual(clusters, ["paris primary", "montreal replica", "tokyo replica"]);
  });

  it("runs a stateless score on every site, sites written inline and failovers as sites included", () => {
    const { a } = analyze(
      `export const world = multisite({ name: "world", sites: [paris, failover({ name: "americas", primary: montreal, replica: k8sAnywhere({ name: "nyc", context: "nyc" }) }), tokyo] });`,
      `export const web = deploy(world, k8sApp({ name: "web", image: "nginx", port: 80 }));`,
    );
    assert.deepEqual(a.diagnostics.map((d) => `${d.code} ${d.message}`), []);
    const r = planDeployment(a.model, "web", a.diagnostics);
    assert.ok(r.ok, r.ok ? "" : r.error);
    assert.deepEqual(r.plan.steps.map((s) => s.target.context), ["paris", "montreal", "nyc", "tokyo"]);
  });

  it("says which sites lack a capability, with each one's definition, never `?`", () => {
    const { a } = analyze(
      `export const mixed = multisite({ name: "mixed", sites: [edge, paris, edge2] });`,
      `export const app = deploy(mixed, dockerApp({ name: "app", image: "nginx" }));`,
      `export const none = multisite({ name: "none", sites: [paris, montreal] });`,
      `export const app2 = deploy(none, dockerApp({ name: "app2", image: "nginx" }));`,
    );
    const [some, all] = a.diagnostics.filter((d) => d.severity === "error");
    assert.equal(some.code, "HARMONY1003");
    assert.equal(
      some.message,
      `topology "mixed" (multisite of linuxHost, k8sAnywhere, linuxHost) does not provide Docker, which score "app" requires: site "paris" (k8sAnywhere) does not provide Docker, while "edge" (linuxHost), "edge-2" (linuxHost) do; a multisite provides a capability only when every site does and it has a multisite strategy`,
    );
    assert.deepEqual(some.related.map((r) => [r.location.range.start.line, r.message]), [[1, `site 2 "paris" (k8sAnywhere) is defined here; it provides K8sClient, HelmCommand, PostgreSQL, TlsRouter`]]);
    assert.equal(all.code, "HARMONY1001");
    assert.match(all.message, /no site provides Docker: "paris" \(k8sAnywhere\), "montreal" \(k8sAnywhere\)/);
    assert.equal(all.related.length, 2);
    assert.ok(a.diagnostics.every((d) => !d.message.includes("?")));
  });

  it("says when every site provides a capability multisite has no strategy for, and merging MultisiteStrategies adds one", () => {
    const { a } = analyze(
      `export const world = multisite({ name: "world", sites: [paris, montreal] });`,
      `export const tls = deploy(world, defineScore<"TlsRouter">({ kind: "gateway", name: "gw" }));`,
    );
    const [d] = a.diagnostics.filter((x) => x.severity === "error");
    assert.equal(d.code, "HARMONY1002");
    assert.match(d.message, /every site provides TlsRouter, but multisite has no strategy for TlsRouter \(it has strategies for PostgreSQL, K8sClient, HelmCommand, Docker\)/);

    const merged = analyze(
      `declare module "@harmony/topology" { interface MultisiteStrategies { TlsRouter: true } }`,
      `export const world = multisite({ name: "world", sites: [paris, montreal] });`,
      `export const tls = deploy(world, defineScore<"TlsRouter">({ kind: "gateway", name: "gw" }));`,
    ).a;
    assert.deepEqual(merged.model.topologies.find((t) => t.id === "world")!.capabilities, ["K8sClient", "HelmCommand", "PostgreSQL", "TlsRouter"]);
    assert.ok(!merged.diagnostics.some((x) => ["HARMONY1001", "HARMONY1002", "HARMONY1003"].includes(x.code)));
  });

  it("needs two sites or more, as its type says", () => {
    const { a } = analyze(`export const one = multisite({ name: "one", sites: [paris] });`);
    assert.ok(a.diagnostics.some((d) => d.code === "TS2322" && /requires 2/.test(d.message)), a.diagnostics.map((d) => d.message).join("\n"));
  });

  it("plans PostgreSQL on a multisite of OKD clusters", () => {
    const { a } = analyze(
      `export const okds = multisite({ name: "okds", sites: [okdCluster({ name: "o1", context: "o1", hosts: [] }), okdCluster({ name: "o2", context: "o2", hosts: [] })] });`,
      `export const pg = deploy(okds, postgres({ name: "pg" }));`,
    );
    assert.deepEqual(a.diagnostics.map((d) => d.code), []);
    assert.ok(planDeployment(a.model, "pg", a.diagnostics).ok);
  });

  it("offers to use a topology that has the capability as the lacking site, or to remove it", () => {
    const { ws, a } = analyze(
      `export const mixed = multisite({ name: "mixed", sites: [edge, paris, edge2] });`,
      `export const app = deploy(mixed, dockerApp({ name: "app", image: "nginx" }));`,
    );
    const d = a.diagnostics.find((x) => x.code === "HARMONY1003")!;
    const actions = harmonyQuickFixes(ws.analyzeDetailed(file), ws.host.libraryIndex, "file:///multisite", toLspDiagnostic(d));
    const titles = actions.map((x) => x.title);
    assert.ok(titles.includes(`Remove site 2 (paris) from "mixed"`), titles.join("\n"));
    const remove = actions.find((x) => x.title.startsWith("Remove site 2"))!;
    const [edit] = remove.edit!.changes!["file:///multisite"];
    const line = [...HEAD, `export const mixed = multisite({ name: "mixed", sites: [edge, paris, edge2] });`][edit.range.start.line];
    const fixed = line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character);
    assert.equal(fixed, `export const mixed = multisite({ name: "mixed", sites: [edge, edge2] });`);
  });

  it("nests its sites under it in the outline", () => {
    const { a } = analyze(`export const world = multisite({ name: "world", sites: [paris, k8sAnywhere({ name: "lima", context: "lima" })] });`);
    const world = documentSymbols(a.model).find((s) => s.name === "world")!;
    assert.deepEqual(world.children?.map((c) => c.name), ["lima"]);
  });
});
