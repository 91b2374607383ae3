// The table of kinds (shared/model/kinds.ts) against the library's declaration: a file calling every
// factory with only its default name and defaults is analysed by the real analyzer, and what the
// checker reads from the TYPES must be what the table says. A kind added to one and not the other,
// or a capability that differs, fails here.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import ts from "typescript";
import { TopologyWorkspace, type DetailedAnalysis } from "../../../language/analyzer";
import { CAPABILITIES, CATALOG, FAILOVER, LIBRARY_FUNCTIONS, type KindSpec } from "../../../shared/model/kinds";
import { INTERPRETERS } from "../../../engine/deploy/planner";

const library = path.resolve(__dirname, "..", "..", "..", "language", "library");
const file = path.resolve(__dirname, "every-kind.topology.ts").replace(/\\/g, "/");

const constOf = (k: KindSpec) => `a_${k.factory}`;
const failoverOf = (k: KindSpec) => `pair_${k.factory}`;
const topologies = CATALOG.filter((k) => k.role === "topology");
const scores = CATALOG.filter((k) => k.role === "score");

/** A topology file that calls every function the table knows, each kind with its default name and defaults only. */
function everyKind(): string {
  const spec = (k: KindSpec, name = k.defaultName) => JSON.stringify({ name, ...k.defaults });
  const lines = [`import { ${LIBRARY_FUNCTIONS.map((f) => f.factory).join(", ")} } from "@harmony/topology";`];
  for (const k of CATALOG) lines.push(`export const ${constOf(k)} = ${k.factory}(${spec(k)});`);
  for (const k of topologies) {
    // Two of a kind, so each failover's capabilities are its kind's that have a strategy.
    lines.push(`export const b_${k.factory} = ${k.factory}(${spec(k, `${k.defaultName}-b`)});`);
    lines.push(
      `export const ${failoverOf(k)} = ${FAILOVER.factory}({ name: "${FAILOVER.defaultName}-${k.defaultName}", primary: ${constOf(k)}, replica: b_${k.factory} });`,
    );
  }
  lines.push(`export const own = defineTopology<"K8sClient">({ kind: "ownCluster", name: "own" });`);
  lines.push(`export const ownScore = defineScore<"K8sClient">({ kind: "ownJob", name: "own-job" });`);
  lines.push(`export const ownDeployment = deploy(own, ownScore);`);
  return lines.join("\n") + "\n";
}

/** The functions `index.d.ts` exports, as TypeScript's checker sees its module. */
function declaredFunctions(analysis: DetailedAnalysis, libraryIndex: string): string[] {
  const program = analysis.program!;
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(program.getSourceFile(libraryIndex)!)!;
  return checker
    .getExportsOfModule(module)
    .filter((s) => s.flags & ts.SymbolFlags.Function)
    .map((s) => s.name);
}

const sorted = (xs: readonly string[]) => [...xs].sort();

describe("The table of kinds", () => {
  const workspace = new TopologyWorkspace({ libraryPath: library });
  let analysis: DetailedAnalysis;
  let model: DetailedAnalysis["model"];
  let facts: DetailedAnalysis["facts"];
  before(() => {
    workspace.setDocument(file, everyKind(), 1);
    analysis = workspace.analyzeDetailed(file);
    ({ model, facts } = analysis);
  });

  it("names exactly the functions the library declares", () => {
    assert.deepEqual(sorted(LIBRARY_FUNCTIONS.map((f) => f.factory)), sorted(declaredFunctions(analysis, workspace.host.libraryIndex)));
  });

  it("gives every kind defaults with which a new one type-checks at once", () => {
    // A user-defined score has no deploy interpreter: that is HARMONY1004, not a type error.
    const errors = analysis.diagnostics.filter((d) => d.severity === "error" && !(d.code === "HARMONY1004" && d.subject === "ownDeployment"));
    assert.deepEqual(errors.map((d) => `${d.code} line ${d.range.start.line + 1}: ${d.message}`), []);
  });

  it("lists the capabilities the library declares, in its order, with their failover strategies", () => {
    assert.deepEqual(model.capabilities, CAPABILITIES.map((c) => ({ name: c.name, failover: c.failover })));
  });

  for (const k of topologies) {
    it(`says what ${k.factory} provides, as its type does`, () => {
      const t = facts!.topologies.get(constOf(k));
      assert.ok(t?.types.topology, `the library's ${k.factory} does not return a topology`);
      assert.deepEqual(sorted(t.topology.capabilities), sorted(k.provides));
      assert.deepEqual(k.requires, []);
    });
    it(`gives a failover of two ${k.factory} the capabilities the table gives failover strategies`, () => {
      const pair = model.topologies.find((t) => t.id === failoverOf(k))!;
      const strategies = new Set(CAPABILITIES.filter((c) => c.failover).map((c) => c.name));
      assert.deepEqual(sorted(pair.capabilities), sorted(k.provides.filter((c) => strategies.has(c))));
    });
  }

  for (const k of scores) {
    it(`says what ${k.factory} requires, as its type does`, () => {
      const s = facts!.scores.get(constOf(k));
      assert.ok(s?.types.score, `the library's ${k.factory} does not return a score`);
      assert.deepEqual(sorted(s.score.requires), sorted(k.requires));
      assert.deepEqual(k.provides, []);
    });
  }

  it("knows what each of the other library functions makes, as its type does", () => {
    for (const f of LIBRARY_FUNCTIONS) {
      if (f.makes === "deployment") {
        assert.ok(facts!.deployments.some((d) => d.deployment.id === "ownDeployment" && d.topologyTypes?.topology && d.scoreTypes?.score), f.factory);
      } else if (f.factory === "defineTopology" || f.factory === FAILOVER.factory) {
        assert.equal(f.makes, "topology");
        const id = f.factory === "defineTopology" ? "own" : failoverOf(topologies[0]);
        assert.ok(facts!.topologies.get(id)?.types.topology, f.factory);
      } else if (f.factory === "defineScore") {
        assert.equal(f.makes, "score");
        assert.ok(facts!.scores.get("ownScore")?.types.score, f.factory);
      }
    }
  });

  it("marks deployable exactly the score kinds the deploy planner has an interpreter for", () => {
    const deployable = scores.filter((k) => k.deploy.how === "interpreter").map((k) => k.factory);
    assert.deepEqual(sorted(deployable), sorted(Object.keys(INTERPRETERS)));
    for (const k of topologies) assert.ok(k.deploy.how !== "interpreter" && k.deploy.how !== "sides", k.factory);
    assert.equal(FAILOVER.deploy.how, "sides");
  });
});
