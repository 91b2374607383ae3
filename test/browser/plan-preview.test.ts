import * as assert from "node:assert/strict";
import { join } from "node:path";
import { openWorkbench, type Workbench } from "./harness";

// Preview Deployment Plan with the designer open colours what the deploy would touch. With no
// cluster to compare against (the kubeconfig does not exist), the canvas says it shows the offline plan.
describe("Preview Deployment Plan draws the plan on the designer", function () {
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench({ settings: (workspace) => ({ "harmony.kubeconfig": join(workspace, "no-such-kubeconfig") }) });
  });
  after(async () => {
    await wb?.close();
  });

  it("marks the storefront's edge and score with a legend that says it is the offline plan, until Escape", async () => {
    const canvas = await wb.openDesigner("shop.topology.ts");
    assert.equal(await canvas.locator('[data-testid="plan-legend"]').count(), 0, "no legend before a preview");

    await wb.runCommand("Harmony: Preview Deployment Plan");
    await wb.pick("storefront");

    const legend = canvas.locator('[data-testid="plan-legend"]');
    await legend.locator("text=/could not be reached/").waitFor({ timeout: 30_000 });
    assert.equal(await legend.getAttribute("data-source"), "offline");
    const legendText = await legend.innerText();
    assert.match(legendText, /Plan: storefront/);
    assert.match(legendText, /Offline plan: the cluster could not be reached/);
    assert.match(legendText, /apply: would be applied/);

    const mark = canvas.locator('[data-testid="plan-mark-storefront"]');
    assert.equal(await mark.getAttribute("data-mark"), "apply");
    assert.match((await canvas.locator('[data-testid="rf__edge-deployment:storefront"]').getAttribute("class")) ?? "", /\bplan-apply\b/);
    assert.match((await canvas.locator('[data-testid="rf__edge-deployment:ordersDb"]').getAttribute("class")) ?? "", /^(?!.*plan-)/, "other deployments stay plain");
    await wb.screenshot("designer-plan-preview");

    await canvas.locator('[data-testid="plan-legend-close"]').press("Escape");
    await legend.waitFor({ state: "detached", timeout: 10_000 });
    assert.equal(await canvas.locator('[data-testid="plan-mark-storefront"]').count(), 0, "the colours go with the legend");
  });
});
