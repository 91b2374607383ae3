// `npm run harmony -- <command>`: builds the CLI when it is missing or stale, then runs it.
import { spawnSync } from "node:child_process";
import { existsSync, statSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist/cli.js");

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}
const stale =
  !existsSync(cli) ||
  Math.max(newestSource(join(root, "engine")), newestSource(join(root, "language"))) > statSync(cli).mtimeMs;
if (stale) {
  const b = spawnSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: ["ignore", "ignore", "inherit"] });
  if (b.status !== 0) process.exit(2);
}
// npm runs scripts from the package root; INIT_CWD is where the user typed the command.
const r = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
  stdio: "inherit",
  cwd: process.env.INIT_CWD || process.cwd(),
});
process.exit(r.status ?? 2);
