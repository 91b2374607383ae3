import { strict as assert } from "node:assert";
import { planEdits } from "../../../language/edits";
import { designerOpSchema, type DesignerOp } from "../../../shared/protocol/webview";

const SHOP = `import { k8sAnywhere, deploy, postgres } from "@harmony/topology";

export const siteA = k8sAnywhere({ name: "site-a", context: "site-a" });
`;

// A factory that, pasted into the import line, would add a statement of its own.
const INJECTED = `k8sAnywhere } from "@harmony/topology"; import { execSync } from "node:child_process"; execSync("id"); import {`;

describe("designer ops from the webview", () => {
  it("the op schema accepts only factories from the table of kinds, each in its role", () => {
    const ok = (op: unknown) => designerOpSchema.safeParse(op).success;
    assert.ok(ok({ kind: "addTopology", factory: "k8sAnywhere", name: "a" }));
    assert.ok(ok({ kind: "addTopology", factory: "failover", name: "pair" }));
    assert.ok(ok({ kind: "addScore", factory: "postgres", name: "db" }));
    assert.ok(!ok({ kind: "addTopology", factory: INJECTED, name: "a" }));
    assert.ok(!ok({ kind: "addScore", factory: "evil", name: "db" }));
    assert.ok(!ok({ kind: "addTopology", factory: "postgres", name: "db" }), "a score is not a topology");
    assert.ok(!ok({ kind: "addScore", factory: "linuxHost", name: "h" }), "a topology is not a score");
    const refused = designerOpSchema.safeParse({ kind: "addScore", factory: "evil", name: "db" });
    assert.match(refused.error!.issues[0].message, /not a score factory; one of .*postgres/);
  });

  for (const op of [
    { kind: "addTopology", factory: INJECTED, name: "a" },
    { kind: "addScore", factory: INJECTED, name: "db", topologyId: "siteA" },
    { kind: "addScore", factory: "k8sAnywhere", name: "db" },
  ] as Extract<DesignerOp, { factory: string }>[]) {
    it(`the edit planner refuses ${op.kind} of ${JSON.stringify(op.factory).slice(0, 30)}… and leaves the document alone`, () => {
      const plan = planEdits(SHOP, op);
      assert.ok(!plan.ok, "refused");
      assert.match(plan.message, /is not a (topology|score) factory; one of /);
    });
  }
});
