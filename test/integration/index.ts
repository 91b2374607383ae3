// Entry point the VS Code extension host loads as `extensionTestsPath` (bundled to out/), in a
// trusted workspace.
import { runSuites } from "./mocha";

export function run(): Promise<void> {
  return runSuites(() => import("./suites"));
}
