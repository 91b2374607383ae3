// The `harmony` executable. Node compiles a whole bundle on every start, so `harmony check` loads
// a bundle of its own (TypeScript and the analyzer, half the full CLI's size) and every other
// command the full one, each through V8's code cache kept on disk between runs.
import * as path from "node:path";
import { requireWithCodeCache } from "./code-cache";

const bundle = process.argv[2] === "check" ? "cli-check.js" : "cli-main.js";
(requireWithCodeCache(path.join(__dirname, bundle)) as { main(): void }).main();
