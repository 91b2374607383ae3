// The bundles of the product, one esbuild configuration each: the extension host, its kube engine
// (loaded on first use), the language server, the CLI and the webview (and, outside production,
// the integration tests). Shared by the build and by the test that holds the extension host to a
// thin client.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * esbuild options of every bundle; `production` minifies and drops source maps.
 * @param {{ production?: boolean }} [options]
 * @returns {import("esbuild").BuildOptions[]}
 */
export function bundles({ production = false } = {}) {
  const node = {
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    sourcemap: production ? false : "linked",
    minify: production,
    logLevel: "warning",
    absWorkingDir: root,
    // `import.meta.url` appears in ESM-only dependencies bundled into CommonJS.
    define: { "import.meta.url": "__harmony_import_meta_url" },
    banner: { js: "const __harmony_import_meta_url = require('url').pathToFileURL(__filename).href;" },
  };

  // ssh2's native speed-ups (its crypto binding, cpu-features) are optional: it requires them in
  // a try and falls back to Node's crypto. Left out of the bundles rather than shipped per platform.
  const sshNative = ["cpu-features", "*.node"];

  const builds = [
    { ...node, entryPoints: { extension: "extension/main.ts" }, outdir: "dist", external: ["vscode"] },
    // The cluster-facing engine with the Kubernetes client: required by the extension on first use.
    { ...node, entryPoints: { kube: "engine/kube/index.ts" }, outdir: "dist" },
    // Docker over SSH for Linux hosts (ssh2, dockerode): required by the extension on first use.
    { ...node, entryPoints: { docker: "engine/docker/index.ts" }, outdir: "dist", external: sshNative },
    { ...node, entryPoints: { server: "language/server/main.ts" }, outdir: "dist" },
    {
      ...node,
      // `harmony check` has a bundle of its own, without the other commands' dependencies.
      entryPoints: { "cli-main": "engine/cli/main.ts", "cli-check": "engine/cli/check-main.ts" },
      outdir: "dist",
      // resvg is a native module (PNG diagrams), required from node_modules when first used; ssh2's
      // optional native add-ons are left out (it falls back to JavaScript).
      external: ["@resvg/resvg-js", ...sshNative],
      // A command-line start pays for compiling the whole bundle: always minified (a third of the
      // size), with the source map kept in development for stack traces.
      minify: true,
      banner: { js: "#!/usr/bin/env node\n" + node.banner.js },
    },
    {
      ...node,
      entryPoints: { cli: "engine/cli/launcher.ts" },
      outdir: "dist",
      banner: { js: "#!/usr/bin/env node" },
      define: {},
    },
    {
      bundle: true,
      platform: "browser",
      target: "chrome120",
      format: "iife",
      entryPoints: { webview: "webview/main.tsx" },
      outdir: "dist",
      sourcemap: production ? false : "linked",
      minify: production,
      logLevel: "warning",
      absWorkingDir: root,
      loader: { ".svg": "text", ".ttf": "file", ".woff2": "file" },
      define: { "process.env.NODE_ENV": production ? '"production"' : '"development"' },
    },
  ];
  if (!production) {
    builds.push({
      ...node,
      entryPoints: { "integration/index": "test/integration/index.ts", "integration/untrusted": "test/integration/untrusted.ts" },
      outdir: "out",
      external: ["vscode", "mocha"],
    });
  }
  return builds;
}
