import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import ts from "typescript";
import { applyEdits, planEdits } from "../../../language/edits";
import { CATALOG } from "../../../shared/model/kinds";
import type { DesignerOp } from "../../../shared/protocol/webview";

const shop = readFileSync(join(__dirname, "../../../examples/shop.topology.ts"), "utf8");
const ids = ["siteA", "siteB", "shop", "edge", "ordersDb", "ordersDb.score", "storefront", "cache.score", "metrics", "shop.primary", "gone"];
const id = fc.constantFrom(...ids);
const name = fc.constantFrom("db", "web", "site-c", "edge-1", "x");
const factory = fc.constantFrom(...CATALOG.map((k) => k.factory), "failover");
const op: fc.Arbitrary<DesignerOp> = fc.oneof(
  fc.record({ kind: fc.constant("addTopology" as const), factory, name }),
  fc.record({ kind: fc.constant("addScore" as const), factory, name, topologyId: fc.option(id, { nil: undefined }) }),
  fc.record({ kind: fc.constant("wrapInFailover" as const), primary: id, replica: id, name }),
  fc.record({ kind: fc.constant("unwrap" as const), failoverId: id }),
  fc.record({ kind: fc.constant("fillSlot" as const), failoverId: id, side: fc.constantFrom("primary" as const, "replica" as const), topologyId: id }),
  fc.record({ kind: fc.constant("attachScore" as const), scoreId: id, topologyId: id }),
  fc.record({ kind: fc.constant("moveDeployment" as const), deploymentId: id, topologyId: id }),
  fc.record({
    kind: fc.constant("setField" as const),
    id,
    path: fc.constantFrom<(string | number)[]>(["instances"], ["user"], ["name"], ["labels", "zone"]),
    value: fc.option(fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constantFrom("a", 'q"uote', "x'y")), { nil: undefined }),
  }),
  fc.record({ kind: fc.constant("rename" as const), id, newName: name }),
  fc.record({ kind: fc.constant("delete" as const), id, cascade: fc.boolean() }),
);

function syntaxErrors(text: string): string[] {
  const sf = ts.createSourceFile("x.topology.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  return ((sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("edit planner properties", () => {
  it("any sequence of canvas ops leaves a file that parses, and repeating an op changes nothing", () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 5 }), (ops) => {
        let text = shop;
        for (const o of ops) {
          const plan = planEdits(text, o);
          if (!plan.ok) continue;
          text = applyEdits(text, plan.edits);
          assert.deepEqual(syntaxErrors(text), [], `after ${JSON.stringify(o)}:\n${text}`);
          const again = planEdits(text, o);
          if (again.ok) assert.equal(applyEdits(text, again.edits), text, `repeating ${JSON.stringify(o)} changed the text`);
        }
        // The header comment is never touched.
        assert.ok(text.startsWith("// The shop: two Kubernetes sites in failover"));
      }),
      { numRuns: 300 },
    );
  });
});
