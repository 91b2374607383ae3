// Entry point the VS Code extension host loads as `extensionTestsPath` (bundled to out/) when the
// workspace opens in Restricted Mode.
import { runSuites } from "./mocha";

export function run(): Promise<void> {
  return runSuites(() => import("./restricted-mode.test"));
}
