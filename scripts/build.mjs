// Bundles the extension host, its kube engine (loaded on first use), the language server, the CLI and the webview into dist/, and the
// integration tests into out/. `--watch` rebuilds on change; `--production` minifies, no maps.
import * as esbuild from "esbuild";
import { bundles } from "./bundles.mjs";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const watch = process.argv.includes("--watch");
const production = process.argv.includes("--production");

const builds = bundles({ production });

function copyLibrary() {
  // The `@harmony/topology` declarations ship beside the bundles and resolve with no user setup.
  mkdirSync(join(root, "dist/library"), { recursive: true });
  cpSync(join(root, "language/library"), join(root, "dist/library"), { recursive: true });
  // The checker reads TypeScript's ES library declarations; the VSIX has no node_modules.
  const tsLib = join(root, "node_modules/typescript/lib");
  mkdirSync(join(root, "dist/typescript-lib"), { recursive: true });
  for (const f of readdirSync(tsLib)) {
    if (/^lib\.(es[\w.]*|decorators[\w.]*)\.d\.ts$/.test(f)) cpSync(join(tsLib, f), join(root, "dist/typescript-lib", f));
  }
  // The diagram font: PNG diagrams are drawn with it and no system font.
  mkdirSync(join(root, "dist/fonts"), { recursive: true });
  cpSync(join(root, "shared/diagram/fonts"), join(root, "dist/fonts"), { recursive: true });
}

// Bundles are overwritten in place; only the copied folders are cleared, so a build never
// removes files another build (a watch, a test run) is writing.
for (const d of ["dist/library", "dist/typescript-lib", "dist/fonts"]) rmSync(join(root, d), { recursive: true, force: true, maxRetries: 3 });
copyLibrary();
if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.log("watching for changes…");
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`built dist/ in ${Date.now() - started} ms${production ? " (production)" : ""}`);
}
