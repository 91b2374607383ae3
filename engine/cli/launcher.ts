// The `harmony` executable. The CLI bundle is large (TypeScript, the Kubernetes client) and Node
// compiles all of it on every start; V8's compile cache, kept on disk between runs, saves most of
// that. Node 22's own module.enableCompileCache() does the same; this works on Node 20 too.
import "v8-compile-cache";

// eslint-disable-next-line @typescript-eslint/no-require-imports
(require("./cli-main.js") as { main(): void }).main();
