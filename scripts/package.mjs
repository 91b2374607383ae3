// `npm run package`: a production build, then a .vsix holding only what runs (see .vscodeignore).
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { root } from "./env/paths.mjs";

const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const out = process.env.HARMONY_VSIX || join(root, `${pkg.name}-${pkg.version}.vsix`);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// A clean production build: nothing of a development build (source maps, test bundles) ships.
rmSync(join(root, "dist"), { recursive: true, force: true });
run(process.execPath, [join(root, "scripts/build.mjs"), "--production"]);
// vsce 4 needs Node 22 or newer; on an older Node the cached Node 24 of the test environment runs it.
let node = process.execPath;
if (Number(process.versions.node.split(".")[0]) < 22) {
  const { ensureNode24 } = await import("./env/code-server.mjs");
  node = ensureNode24();
}
run(node, [join(root, "node_modules/@vscode/vsce/vsce"), "package", "--no-dependencies", "--allow-missing-repository", "--no-rewrite-relative-links", "--out", out]);
const size = statSync(out).size;
console.log(`packaged ${out} (${(size / 1024 / 1024).toFixed(2)} MiB)`);
// Leave a development build in dist/ for tests and `npm start`.
if (!process.argv.includes("--keep-production")) run(process.execPath, [join(root, "scripts/build.mjs")]);
