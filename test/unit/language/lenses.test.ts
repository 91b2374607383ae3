import * as assert from "node:assert/strict";
import { join } from "node:path";
import { analyzeFiles } from "../../../language/analyzer";
import { deploymentLenses } from "../../../language/server/outline";

describe("CodeLens above deployments", () => {
  const file = join(__dirname, "../../../examples/lab.topology.ts");
  const [{ model }] = analyzeFiles([file]).values();
  const lenses = deploymentLenses(model, "file:///lab.topology.ts");
  const titlesOf = (id: string) => lenses.filter((l) => l.command?.arguments?.[1] === id).map((l) => l.command!.title);

  it("offers plan, deploy and designer on every deployment, with the file and the deployment's name", () => {
    assert.deepEqual(titlesOf("monitoring"), ["Preview plan", "Deploy", "Open in designer"]);
    for (const l of lenses) assert.equal(l.command?.arguments?.[0], "file:///lab.topology.ts");
  });

  it("adds the bond diff on host bonds deployments only", () => {
    assert.deepEqual(titlesOf("labBonds"), ["Preview plan", "Deploy", "Open in designer", "Show bond diff"]);
    const bondLens = lenses.find((l) => l.command?.title === "Show bond diff")!;
    assert.equal(bondLens.command!.command, "harmony.showBondDiff");
  });

  it("offers only the designer on a deployment Harmony cannot deploy, the one HARMONY1004 marks", () => {
    const shop = join(__dirname, "../../fixtures/language/shop.topology.ts");
    const [{ model: m }] = analyzeFiles([shop]).values();
    const titles = (id: string) => deploymentLenses(m, "file:///shop.topology.ts").filter((l) => l.command?.arguments?.[1] === id).map((l) => l.command!.title);
    assert.deepEqual(titles("redis"), ["Open in designer"]);
    assert.deepEqual(titles("cache"), ["Preview plan", "Deploy", "Open in designer"]);
    assert.deepEqual(titles("api"), ["Preview plan", "Deploy", "Open in designer"]);
  });
});
