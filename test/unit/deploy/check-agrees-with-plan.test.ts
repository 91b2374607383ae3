import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { analyzeFiles, TopologyWorkspace, type Analysis } from "../../../language/analyzer";
import { planAnyDeployment as planDeployment } from "../../../engine/deploy";
import { higherOrderParts, type Deployment, type TopologyModel } from "../../../shared/model";
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
  for (const part of higherOrderParts(t) ?? []) involved(model, part.id, out);
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

/** An okdCluster's hosts in the shapes the bond planner meets. */
function okdHosts(shape: string, i: number): string {
  const host = (n: number) => `{ name: "n${n}", nics: [{ name: "eno1", mac: "aa:bb:cc:dd:ee:0${i}" }] }`;
  if (shape === "none") return "[]";
  if (shape === "no nics") return `[{ name: "n0", nics: [] }]`;
  if (shape === "two") return `[${host(0)}, ${host(1)}]`;
  return `[${host(0)}]`;
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

  it("reads a failover a helper function returns, called with literal arguments, so it plans", () => {
    const file = path.join(root, "test/fixtures/language/helper.topology.ts").replace(/\\/g, "/");
    const ws = new TopologyWorkspace();
    ws.setDocument(
      file,
      [
        `import { k8sAnywhere, failover, deploy, k8sApp, postgres } from "@harmony/topology";`,
        `function pair(name: string, region = "eu") {`,
        `  const first = k8sAnywhere({ name: name + "-a", context: \`\${region}-a\` });`,
        `  return failover({ name, primary: first, replica: k8sAnywhere({ name: \`\${name}-b\`, context: region === "eu" ? "eu-b" : "us-b" }) });`,
        `}`,
        `export const two = pair("two");`,
        `export const three = pair("three", "us");`,
        `export const app = deploy(two, k8sApp({ name: "app", image: "nginx" }));`,
        `export const db = deploy(three, postgres({ name: "db" }));`,
      ].join("\n"),
      1,
    );
    const a = ws.analyze(file);
    assert.deepEqual(a.diagnostics.map((d) => `${d.code} ${d.message}`), []);
    const app = planDeployment(a.model, "app", a.diagnostics);
    assert.ok(app.ok, app.ok ? "" : app.error);
    assert.deepEqual(app.plan.steps.map((s) => ("context" in s.target ? s.target.context : s.target.host)), ["eu-a", "eu-b"]);
    const db = planDeployment(a.model, "db", a.diagnostics);
    assert.ok(db.ok, db.ok ? "" : db.error);
    assert.match(db.plan.steps[0].description, /primary PostgreSQL cluster db on three-a/);
    assert.deepEqual([...new Set(db.plan.steps.map((s) => ("context" in s.target ? s.target.context : s.target.host)))], ["us-a", "us-b"]);
    assertAgrees(a, "helper");
  });

  it("says where a helper's argument cannot be read, and that deployment does not check clean", () => {
    const file = path.join(root, "test/fixtures/language/helper-unread.topology.ts").replace(/\\/g, "/");
    const ws = new TopologyWorkspace();
    ws.setDocument(
      file,
      [
        `import { k8sAnywhere, failover, deploy, postgres } from "@harmony/topology";`,
        `declare const env: Record<string, string>;`,
        `function pair(name: string) {`,
        `  return failover({ name, primary: k8sAnywhere({ name: name + "-a", context: "a" }), replica: k8sAnywhere({ name: name + "-b", context: "b" }) });`,
        `}`,
        `function looped(name: string) {`,
        `  if (name === "") throw new Error("no name");`,
        `  return pair(name);`,
        `}`,
        `export const two = pair(env.NAME);`,
        `export const db = deploy(two, postgres({ name: "db" }));`,
        `export const other = looped("other");`,
        `export const db2 = deploy(other, postgres({ name: "db2" }));`,
      ].join("\n"),
      1,
    );
    const a = ws.analyze(file);
    const warnings = a.diagnostics.filter((d) => d.code === "HARMONY1102");
    // Once, where the argument is written; never inside the helper, whose other callers are fine.
    assert.deepEqual(warnings.map((d) => d.range.start.line), [9, 11]);
    assert.match(warnings[0].message, /`env.NAME`/);
    assert.match(warnings[1].message, /`looped\("other"\)` cannot be read statically.*more than consts and one `return`/);
    assert.ok(a.diagnostics.some((d) => d.code === "HARMONY1004" && d.subject === "db2"));
    assert.ok(!a.diagnostics.some((d) => /\?/.test(d.message.replace(/\?\?/g, ""))), a.diagnostics.map((d) => d.message).join("\n"));
    assertAgrees(a, "helper-unread");
  });

  it("says at edit time when host bonds name a host the cluster does not have, or no host at all", () => {
    const file = path.join(root, "test/fixtures/language/bonds-check.topology.ts").replace(/\\/g, "/");
    const ws = new TopologyWorkspace();
    ws.setDocument(
      file,
      [
        `import { okdCluster, deploy, hostBonds } from "@harmony/topology";`,
        `const okd = okdCluster({ name: "okd", context: "okd", hosts: [{ name: "worker-0", nics: [{ name: "eno1", mac: "aa:bb:cc:dd:ee:01" }] }] });`,
        `const bare = okdCluster({ name: "bare", context: "bare", hosts: [] });`,
        `export const typo = deploy(okd, hostBonds({ name: "typo", hosts: ["worker-9"] }));`,
        `export const nobody = deploy(okd, hostBonds({ name: "nobody", hosts: [] }));`,
        `export const empty = deploy(bare, hostBonds({ name: "empty" }));`,
        `export const fine = deploy(okd, hostBonds({ name: "fine", hosts: ["worker-0"] }));`,
      ].join("\n"),
      1,
    );
    const a = ws.analyze(file);
    const blocked = a.diagnostics.filter((d) => d.code === "HARMONY1004").map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`);
    assert.deepEqual(blocked, [
      `3:32 Deployment "typo" cannot be deployed: score "typo" bonds host "worker-9", which topology "okd" does not have; its hosts: worker-0`,
      `4:34 Deployment "nobody" cannot be deployed: score "nobody" bonds no host: its hosts list is empty`,
      `5:28 Deployment "empty" cannot be deployed: topology "bare" has no hosts to bond: its hosts list is empty`,
    ]);
    assert.equal(planDeployment(a.model, "fine", a.diagnostics).ok, true);
    assertAgrees(a, "bonds");
  });

  it("over generated files of every kind and shape", () => {
    const file = path.join(root, "test/fixtures/language/random.topology.ts").replace(/\\/g, "/");
    const ws = new TopologyWorkspace();
    let version = 0;
    const leaf = fc.record({
      factory: fc.constantFrom("k8sAnywhere", "okdCluster", "linuxHost", "own"),
      context: fc.constantFrom("a", "b", undefined),
      namespace: fc.constantFrom("x", undefined),
      hosts: fc.constantFrom("one", "none", "no nics", "two"),
    });
    const failoverOf = fc.record({ primary: fc.nat(), replica: fc.nat(), spread: fc.boolean() });
    const deployment = fc.record({
      topology: fc.nat(),
      score: fc.constantFrom("postgres", "k8sApp", "helmChart", "dockerApp", "hostBonds", "ownScore"),
      bonds: fc.constantFrom(undefined, "[]", `["n0"]`, `["n1"]`, `["nope"]`, `"n0"`),
    });
    const shape = fc.record({
      leaves: fc.array(leaf, { minLength: 1, maxLength: 4 }),
      failovers: fc.array(failoverOf, { maxLength: 4 }),
      multisites: fc.array(fc.array(fc.nat(), { minLength: 2, maxLength: 3 }), { maxLength: 2 }),
      deployments: fc.array(deployment, { minLength: 1, maxLength: 5 }),
    });
    fc.assert(
      fc.property(shape, (s) => {
        const lines = [`import { k8sAnywhere, okdCluster, linuxHost, failover, multisite, deploy, postgres, k8sApp, helmChart, dockerApp, hostBonds, defineTopology, defineScore } from "@harmony/topology";`];
        const names: string[] = [];
        s.leaves.forEach((l, i) => {
          const fields = [`name: "t${i}"`, l.context && `context: "${l.context}"`, l.namespace && `namespace: "${l.namespace}"`].filter(Boolean).join(", ");
          const call =
            l.factory === "own"
              ? `defineTopology<"K8sClient" | "PostgreSQL">({ kind: "own", ${fields} })`
              : l.factory === "linuxHost"
                ? `linuxHost({ ${fields}, address: "10.0.0.${i + 1}" })`
                : l.factory === "okdCluster"
                  ? `okdCluster({ ${fields}, hosts: ${okdHosts(l.hosts, i)} })`
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
        s.multisites.forEach((sites, i) => {
          lines.push(`export const m${i} = multisite({ name: "m${i}", sites: [${sites.map((n) => names[n % names.length]).join(", ")}] });`);
          names.push(`m${i}`);
        });
        const scores: Record<string, (i: number) => string> = {
          postgres: (i) => `postgres({ name: "s${i}" })`,
          k8sApp: (i) => `k8sApp({ name: "s${i}", image: "nginx" })`,
          helmChart: (i) => `helmChart({ name: "s${i}", chart: "nginx" })`,
          dockerApp: (i) => `dockerApp({ name: "s${i}", image: "nginx" })`,
          hostBonds: (i) => `hostBonds({ name: "s${i}"${s.deployments[i].bonds ? `, hosts: ${s.deployments[i].bonds}` : ""} })`,
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
