import { strict as assert } from "node:assert";
import { planDeployment } from "../../../engine/deploy";
import { substituteAddresses } from "../../../engine/deploy/addresses";
import { shopModel } from "./shop";

describe("the primary's address in the replica", () => {
  const r = planDeployment(shopModel(), "ordersDb");
  assert.ok(r.ok);
  const replica = r.plan.steps.at(-1)!.objects[0];
  const placeholder = "$(harmony:address:Service/orders-db-primary)";

  for (const address of ['h", "sslmode": "disable", "x": "', "back\\slash", "line\nbreak", "$(harmony:address:Service/other)"]) {
    it(`stays one string value whatever it holds: ${JSON.stringify(address)}`, () => {
      const out = substituteAddresses(replica, (p) => (p === placeholder ? address : p)) as any;
      const params = out.spec.externalClusters[0].connectionParameters;
      assert.equal(params.host, address);
      assert.equal(params.sslmode, "verify-ca");
      assert.deepEqual(Object.keys(params).sort(), ["dbname", "host", "port", "sslmode", "user"]);
      assert.equal((replica.spec as any).externalClusters[0].connectionParameters.host, placeholder, "the plan is left as it was");
    });
  }
});
