// The `harmony` executable. Node compiles a whole bundle on every start, so `harmony check` loads
// a bundle of its own (TypeScript and the analyzer, half the full CLI's size) and every other
// command the full one. V8's compile cache, kept on disk between runs, saves most of the rest.
// Node 22's own module.enableCompileCache() does the same; this works on Node 20 too.
import "v8-compile-cache";

/* eslint-disable @typescript-eslint/no-require-imports */
const cli = (process.argv[2] === "check" ? require("./cli-check.js") : require("./cli-main.js")) as { main(): void };
cli.main();
