// Runs mocha inside the extension host and prints the line the test runner counts.
// Mocha's globals must exist before the suites are evaluated, so they are loaded lazily.
import Mocha from "mocha";

export async function runSuites(load: () => Promise<unknown>): Promise<void> {
  const mocha = new Mocha({
    ui: "bdd",
    timeout: 60_000,
    color: false,
    reporter: "spec",
    grep: process.env.HARMONY_INTEGRATION_GREP,
  });
  mocha.suite.emit("pre-require", globalThis, "integration", mocha);
  await load();
  let runner!: Mocha.Runner;
  const failures = await new Promise<number>((resolve) => (runner = mocha.run(resolve)));
  // A machine-readable line the runner counts.
  const stats = runner.stats ?? { passes: 0, pending: 0 };
  console.log(`integration summary: ${stats.passes} passed, ${failures} failed, ${stats.pending} skipped`);
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
