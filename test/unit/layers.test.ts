// The house's rule: each layer imports only downward; only extension/ imports vscode; only
// webview/ imports React. shared/ (model types, the table of kinds, protocols) imports nothing of ours.
import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, dirname } from "node:path";

const root = resolve(__dirname, "..", "..");
const order = ["shared", "language", "engine", "webview", "extension"] as const;
// What each layer may import from the project.
const allowed: Record<(typeof order)[number], string[]> = {
  shared: ["shared"],
  language: ["shared", "language"],
  engine: ["shared", "language", "engine"],
  webview: ["shared", "webview"],
  extension: ["shared", "engine", "extension"],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(ts|tsx|mts)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
}

describe("Layers", () => {
  for (const layer of order) {
    it(`${layer}/ imports only from ${allowed[layer].join(", ")} in the project`, () => {
      const offences: string[] = [];
      for (const file of sources(join(root, layer))) {
        for (const spec of imports(file)) {
          if (spec === "vscode" && layer !== "extension") offences.push(`${relative(root, file)} imports vscode`);
          if (/^react(-dom)?(\/|$)|^@xyflow\//.test(spec) && layer !== "webview") offences.push(`${relative(root, file)} imports ${spec}`);
          // The webview bundles shared/ (the diagram renderer among it) for the browser.
          if (/^node:|^(fs|path|child_process)$/.test(spec) && layer === "shared") offences.push(`${relative(root, file)} imports ${spec}`);
          if (!spec.startsWith(".")) continue;
          const target = relative(root, resolve(dirname(file), spec)).split(/[\\/]/)[0];
          if ((order as readonly string[]).includes(target) && !allowed[layer].includes(target)) {
            offences.push(`${relative(root, file)} imports ${spec} (${target}/)`);
          }
        }
      }
      assert.deepEqual(offences, []);
    });
  }
});
