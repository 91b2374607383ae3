import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { analyzeFiles, TopologyWorkspace, type Analysis } from "../../../language/analyzer";
import { planAnyDeployment as planDeployment } from "../../../engine/deploy";
import type { Deployment, TopologyModel } from "../../../shared/model";
import { generateTopologyFile } from "../../../scripts/bench/checker";

// The product's promise: a deployment the checker reports no error for plans, so a file that checks
// clean deploys. Equivalently, a deployment that does not plan has an error at edit time.

const root = path.resolve(__dirname, "..", "..", "..");
const topologyFiles = (dir: string) =>
  fs
    .readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith(".topology.ts"))
    .map((f) => path.join(root, dir, f).replace(/\\/g, "/"));

/** The topologies a deployment reaches, failovers and their sides included. */
function involved(model: TopologyModel, id: string | undefined, out = new Set<string>()): Set<string> {
  const t = model.topologies.find((x) => x.id === id);
  if (!t || out.has(t.id)) return out;
  out.add(t.id);
  involved(model, t.primary, out);
  involved(model, t.replica, out);
  return out;
}

/** The errors the checker shows that bear on a deployment: on it, on what it names, or on no one thing (TypeScript's). */
function errorsAbout(a: Analysis, d: Deployment): string[] {
  const subjects = new Set([d.id, ...(d.score ? [d.score] : []), ...involved(a.model, d.topology)]);
  return a.diagnostics
    .filter((x) => x.severity === "error" && (x.subject === undefined || subjects.has(x.subject)))
    .map((x) => `${x.code} ${x.message}`);
}

/** Every deployment of an analysis: whether it checks clean, and whether it plans (with why not). */
function verdicts(a: Analysis): { id: string; clean: boolean; plans: boolean; why: string }[] {
  return a.model.deployments.map((d) => {
    const r = planDeployment(a.model, d.id, a.diagnostics);
    return { id: d.id, clean: errorsAbout(a, d).length === 0, plans: r.ok, why: r.ok ? "" : r.error };
  });
}

function assertAgrees(a: Analysis, label: string): void {
  for (const v of verdicts(a)) {
    assert.ok(!v.clean || v.plans, `${label}: deployment "${v.id}" checks clean but does not plan: ${v.why}`);
  }
}

describe("check agrees with plan", function () {
  this.timeout(120_000);

  it("over every fixture and example: a deployment with no error plans, one that does not plan has an error", () => {
    let clean = 0;
    let refused = 0;
    for (const file of [...topologyFiles("test/fixtures/language"), ...topologyFiles("examples")]) {
      // Each on its own program, so a fixture's declaration merging stays its own.
      const a = analyzeFiles([file]).get(file)!;
      assertAgrees(a, path.relative(root, file));
      for (const v of verdicts(a)) v.plans ? clean++ : refused++;
    }
    // Both sides of the promise are exercised.
    assert.ok(clean >= 5 && refused >= 5, `${clean} plan, ${refused} do not`);
  });

  it("over the benchmark's generated file", () => {
    const file = path.join(root, "test/fixtures/language/generated.topology.ts").replace(/\\/g, "/");
    const ws = new TopologyWorkspace();
    ws.setDocument(file, generateTopologyFile(60), 1);
    assertAgrees(ws.analyze(file), "generated");
  });

  it("reads a failover's sides from a spread of a const object, so it plans", () => {
    const file = path.join(root, "test/fixtures/language/spread.topology.ts").replace(/\\/g, "/");
    const ws = new TopologyWorkspace();
    ws.setDocument(
      file,
      [
        `import { k8sAnywhere, failover, deploy, postgres } from "@harmony/topology";`,
        `const a = k8sAnywhere({ name: "a", context: "a", namespace: "shop" });`,
        `const b = k8sAnywhere({ name: "b", context: "b", namespace: "shop" });`,
        `const sides = { primary: a, replica: b };`,
        `export const db = failover({ name: "db", ...sides });`,
        `export const pg = deploy(db, postgres({ name: "pg" }));`,
      ].join("\n"),
      1,
    );
    const a = ws.analyze(file);
    assert.deepEqual(a.diagnostics.map((d) => `${d.code} ${d.message}`), []);
    assert.equal(planDeployment(a.model, "pg", a.diagnostics).ok, true);
  });

  it("says at edit time when a failover's sides are built inside a helper, where the planner cannot read them", () => {
    const file = path.join(root, "test/fixtures/language/helper.topology.ts").replace(/\\/g, "/");
    const ws = new TopologyWorkspace();
    ws.setDocument(
      file,
      [
        `import { k8sAnywhere, failover, deploy, k8sApp } from "@harmony/topology";`,
        `function pair(name: string) {`,
        `  return failover({ name, primary: k8sAnywhere({ name: name + "-a", context: "a" }), replica: k8sAnywhere({ name: name + "-b", context: "b" }) });`,
        `}`,
        `export const two = pair("two");`,
        `export const app = deploy(two, k8sApp({ name: "app", image: "nginx" }));`,
      ].join("\n"),
      1,
    );
    const a = ws.analyze(file);
    const [d] = a.diagnostics.filter((x) => x.code === "HARMONY1004");
    assert.ok(d, a.diagnostics.map((x) => x.code).join(", "));
    assert.equal(d.range.start.line, 5);
    assert.match(d.message, /the primary of failover "two" cannot be resolved statically; Harmony reads a failover's sides where its failover\(\{…\}\) call names them/);
    assertAgrees(a, "helper");
  });

  it("over generated files of every kind and shape", () => {
    const file = path.join(root, "test/fixtures/language/random.topology.ts").replace(/\\/g, "/");
    const ws = new TopologyWorkspace();
    let version = 0;
    const leaf = fc.record({
      factory: fc.constantFrom("k8sAnywhere", "okdCluster", "linuxHost", "own"),
      context: fc.constantFrom("a", "b", undefined),
      namespace: fc.constantFrom("x", undefined),
    });
    const failoverOf = fc.record({ primary: fc.nat(), replica: fc.nat(), spread: fc.boolean() });
    const deployment = fc.record({
      topology: fc.nat(),
      score: fc.constantFrom("postgres", "k8sApp", "helmChart", "dockerApp", "hostBonds", "ownScore"),
    });
    const shape = fc.record({
      leaves: fc.array(leaf, { minLength: 1, maxLength: 4 }),
      failovers: fc.array(failoverOf, { maxLength: 4 }),
      deployments: fc.array(deployment, { minLength: 1, maxLength: 5 }),
    });
    fc.assert(
      fc.property(shape, (s) => {
        const lines = [`import { k8sAnywhere, okdCluster, linuxHost, failover, deploy, postgres, k8sApp, helmChart, dockerApp, hostBonds, defineTopology, defineScore } from "@harmony/topology";`];
        const names: string[] = [];
        s.leaves.forEach((l, i) => {
          const fields = [`name: "t${i}"`, l.context && `context: "${l.context}"`, l.namespace && `namespace: "${l.namespace}"`].filter(Boolean).join(", ");
          const call =
            l.factory === "own"
              ? `defineTopology<"K8sClient" | "PostgreSQL">({ kind: "own", ${fields} })`
              : l.factory === "linuxHost"
                ? `linuxHost({ ${fields}, address: "10.0.0.${i + 1}" })`
                : l.factory === "okdCluster"
                  ? `okdCluster({ ${fields}, hosts: [{ name: "n${i}", nics: [{ name: "eno1", mac: "aa:bb:cc:dd:ee:0${i}" }] }] })`
                  : `k8sAnywhere({ ${fields} })`;
          lines.push(`export const t${i} = ${call};`);
          names.push(`t${i}`);
        });
        s.failovers.forEach((f, i) => {
          const p = names[f.primary % names.length];
          const r = names[f.replica % names.length];
          if (f.spread) {
            lines.push(`const sides${i} = { primary: ${p}, replica: ${r} };`);
            lines.push(`export const f${i} = failover({ name: "f${i}", ...sides${i} });`);
          } else {
            lines.push(`export const f${i} = failover({ name: "f${i}", primary: ${p}, replica: ${r} });`);
          }
          names.push(`f${i}`);
        });
        const scores: Record<string, (i: number) => string> = {
          postgres: (i) => `postgres({ name: "s${i}" })`,
          k8sApp: (i) => `k8sApp({ name: "s${i}", image: "nginx" })`,
          helmChart: (i) => `helmChart({ name: "s${i}", chart: "nginx" })`,
          dockerApp: (i) => `dockerApp({ name: "s${i}", image: "nginx" })`,
          hostBonds: (i) => `hostBonds({ name: "s${i}" })`,
          ownScore: (i) => `defineScore<"K8sClient">({ kind: "job", name: "s${i}" })`,
        };
        s.deployments.forEach((d, i) => lines.push(`export const d${i} = deploy(${names[d.topology % names.length]}, ${scores[d.score](i)});`));
        ws.setDocument(file, lines.join("\n") + "\n", ++version);
        assertAgrees(ws.analyze(file), lines.join("\n"));
      }),
      { numRuns: 60, seed: Number(process.env.SEED ?? 11) },
    );
  });
});
