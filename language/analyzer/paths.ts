import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";

/** The module specifier users import the library by. */
export const LIBRARY_MODULE = "@harmony/topology";

/** The TypeScript library every topology file is checked against. */
export const TS_LIB = "lib.es2022.d.ts";

function isLibraryFolder(dir: string): boolean {
  return fs.existsSync(path.join(dir, "index.d.ts"));
}

/**
 * Finds the folder holding the `@harmony/topology` declarations: the given one, else beside the
 * bundle (`dist/library`), else the source (`language/library`).
 */
export function findLibraryFolder(given?: string): string {
  const candidates: string[] = [];
  if (given) candidates.push(given);
  // A bundle in dist/ (server.js, cli.js) has its library in dist/library; the sources have it
  // beside this folder. Walk up from here so both, and tests run from the sources, work.
  for (let dir = __dirname, i = 0; i < 6; i++, dir = path.dirname(dir)) {
    candidates.push(path.join(dir, "library"), path.join(dir, "language", "library"), path.join(dir, "dist", "library"));
  }
  for (const c of candidates) if (isLibraryFolder(c)) return normalize(c);
  return normalize(given ?? path.join(__dirname, "library"));
}

/**
 * Finds TypeScript's own `lib.*.d.ts` folder. A bundled typescript thinks it lives in the bundle's
 * folder, so look there, then in the installed package, then beside the library.
 */
export function findTypeScriptLibFolder(libraryFolder: string): string | undefined {
  const candidates = [path.dirname(ts.getDefaultLibFilePath({}))];
  try {
    candidates.push(path.dirname(require.resolve("typescript/lib/lib.d.ts")));
  } catch {
    // not installed beside us
  }
  candidates.push(path.join(libraryFolder, "..", "typescript-lib"), path.join(libraryFolder, "typescript-lib"));
  for (let dir = libraryFolder, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    candidates.push(path.join(dir, "node_modules", "typescript", "lib"));
  }
  for (const c of candidates) if (fs.existsSync(path.join(c, TS_LIB))) return normalize(c);
  return undefined;
}

/** Absolute, `/`-separated: the form TypeScript uses for file names. */
export function normalize(p: string): string {
  return path.resolve(p).replace(/\\/g, "/");
}
