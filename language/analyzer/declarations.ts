import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { normalize } from "./paths";

/**
 * The declaration files (`*.d.ts`) a topology file is checked with, so a `declare module
 * "@harmony/topology" { interface Capabilities { … } }` in a `caps.d.ts` counts wherever the file is
 * checked from — alone, with its folder, or open in the editor — as it does for `tsc -p .`.
 *
 * The project of a file is the nearest folder above it holding a `tsconfig.json`, a
 * `package.json` or `.git`. When that `tsconfig.json` takes the file in (its `files`/`include`
 * minus `exclude`), the declaration files it takes in count; otherwise every `*.d.ts` under the
 * project's folder does (dependencies, build output and hidden folders left out).
 */

const SKIPPED = new Set(["node_modules", "dist", "out"]);
/** Deep enough for any project layout; a link loop stops here. */
const MAX_DEPTH = 12;

export class DeclarationFiles {
  private readonly byProject = new Map<string, Project>();

  /** Declaration files of the project `file` belongs to, absolute and `/`-separated, sorted. */
  of(file: string): string[] {
    const root = projectRoot(path.dirname(file));
    let project = this.byProject.get(root);
    if (!project) {
      project = readProject(root);
      this.byProject.set(root, project);
    }
    return project.tsconfig && project.tsconfig.includes(normalize(file)) ? project.files : scan(root, project);
  }

  /** Forgets what it read when a declaration file or a project file changes; true when it did. */
  changed(file: string): boolean {
    const name = path.basename(file);
    if (!name.endsWith(".d.ts") && name !== "tsconfig.json" && name !== "package.json") return false;
    this.byProject.clear();
    return true;
  }
}

function projectRoot(dir: string): string {
  for (let d = dir, i = 0; i < 64; i++) {
    if (["tsconfig.json", "package.json", ".git"].some((m) => fs.existsSync(path.join(d, m)))) return normalize(d);
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  return normalize(dir);
}

interface Project {
  files: string[];
  /** Every file the project's tsconfig.json takes in, when it has one that parses. */
  tsconfig?: string[];
  scanned?: string[];
}

function readProject(root: string): Project {
  const config = path.join(root, "tsconfig.json");
  if (!fs.existsSync(config)) return { files: [] };
  const read = ts.readConfigFile(config, ts.sys.readFile);
  if (read.error) return { files: [] };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, config);
  const all = parsed.fileNames.map(normalize);
  return { files: all.filter((f) => f.endsWith(".d.ts")).sort(), tsconfig: all };
}

function scan(root: string, project: Project): string[] {
  if (project.scanned) return project.scanned;
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory() && !SKIPPED.has(e.name)) walk(p, depth + 1);
      else if (e.isFile() && e.name.endsWith(".d.ts")) out.push(normalize(p));
    }
  };
  walk(root, 0);
  project.scanned = out.sort();
  return project.scanned;
}
