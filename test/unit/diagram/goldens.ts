// The pictures kept as golden files: `npm run diagrams:update` rewrites them on purpose, the unit
// tests compare `harmony diagram`'s output with them as text.
import { join } from "node:path";
import type { CliIO } from "../../../engine/cli/command";
import { runCli } from "../../../engine/cli/main";

/** The golden files' folder under the project's root. */
export const goldenFolder = (root: string) => join(root, "test/fixtures/diagrams/golden");

/** Each golden file and the `harmony diagram` arguments that draw it, run in the project's root. */
export const goldens: { file: string; args: string[] }[] = [
  { file: "shop.light.svg", args: ["examples/shop.topology.ts"] },
  { file: "shop.dark.svg", args: ["examples/shop.topology.ts", "--theme", "dark"] },
  { file: "lab.light.svg", args: ["examples/lab.topology.ts"] },
  {
    file: "shop.diff.svg",
    args: ["test/fixtures/diagrams/shop.v2.topology.ts", "--diff", "test/fixtures/diagrams/shop.v1.topology.ts"],
  },
];

/** Runs the CLI in `cwd` and collects what it prints. */
export async function harmony(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (t) => (out += t.endsWith("\n") ? t : t + "\n"), err: (t) => (err += t + "\n"), cwd, env: {} };
  const code = await runCli(["diagram", ...argv], io);
  return { code, out, err };
}
