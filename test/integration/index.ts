// Entry point the VS Code extension host loads as `extensionTestsPath` (bundled to out/).
// Mocha's globals must exist before the suites are evaluated, so they are loaded lazily.
import Mocha from "mocha";

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: "bdd",
    timeout: 60_000,
    color: false,
    reporter: "spec",
    grep: process.env.HARMONY_INTEGRATION_GREP,
  });
  mocha.suite.emit("pre-require", globalThis, "integration", mocha);
  await import("./suites");
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  // A machine-readable line the runner counts.
  console.log(`integration summary: ${mocha.suite.total() - failures} passed, ${failures} failed`);
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
