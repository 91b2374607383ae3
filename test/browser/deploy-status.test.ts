import * as assert from "node:assert/strict";
import { join } from "node:path";
import { openWorkbench, type Workbench } from "./harness";

// After a deploy, the designer shows how it ended on the deployment's edge. A deploy whose
// kubeconfig does not exist fails before applying anything: that is the run shown here.
describe("The designer shows each deployment's last deploy", function () {
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench({ settings: (workspace) => ({ "harmony.kubeconfig": join(workspace, "no-such-kubeconfig") }) });
  });
  after(async () => {
    await wb?.close();
  });

  it("marks the storefront's edge failed after a deploy that could not reach a cluster, and says why on hover", async () => {
    const canvas = await wb.openDesigner("shop.topology.ts");
    assert.equal(await canvas.locator('[data-testid="deploy-status-storefront"]').count(), 0, "no status before any deploy");

    await wb.runCommand("Harmony: Deploy…");
    await wb.pick("storefront");
    // The canvas keeps the outcome on the deployment's edge, with why on hover.
    const status = canvas.locator('[data-testid="deploy-status-storefront"]');
    await status.waitFor({ timeout: 30_000 });
    assert.equal(await status.getAttribute("data-outcome"), "failed");
    assert.match((await status.getAttribute("title")) ?? "", /nothing applied: .*no-such-kubeconfig/);
    assert.equal(await canvas.locator('[data-testid="deploy-status-ordersDb"]').count(), 0, "other deployments show nothing");
    await wb.screenshot("designer-deploy-status");
  });
});
