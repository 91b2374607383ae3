// A failing browser test leaves a screenshot of every open workbench under test-results/.
import { openWorkbenches } from "./harness";

export const mochaHooks = {
  async afterEach(this: Mocha.Context) {
    const test = this.currentTest;
    if (test?.state !== "failed") return;
    for (const [i, wb] of openWorkbenches().entries()) {
      const file = await wb.screenshot(`failed-${test.fullTitle()}-${i}`).catch(() => undefined);
      if (file) console.log(`    screenshot: ${file}`);
    }
  },
  async afterAll() {
    for (const wb of openWorkbenches()) await wb.close();
  },
};
