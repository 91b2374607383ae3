import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { readInputFile } from "../input-file";
import { LIBRARY_MODULE, TS_LIB, findLibraryFolder, findTypeScriptLibFolder, normalize } from "./paths";

/** Where the analyzer finds its declarations. */
export interface AnalyzerOptions {
  /** Folder holding the `@harmony/topology` declarations (`index.d.ts`); found automatically when absent. */
  libraryPath?: string;
  /** Folder holding TypeScript's `lib.*.d.ts`; found automatically when absent. */
  typescriptLibPath?: string;
}

// Used only when TypeScript's lib files cannot be found (a bundle shipped without them): enough
// globals for the checker to work, so topology files still get their Harmony diagnostics.
const MINIMAL_LIB = `
interface Array<T> { length: number; [n: number]: T; map<U>(f: (v: T, i: number) => U): U[]; }
interface ReadonlyArray<T> { readonly length: number; readonly [n: number]: T; map<U>(f: (v: T, i: number) => U): U[]; }
interface Boolean {} interface Function {} interface CallableFunction {} interface NewableFunction {}
interface IArguments {} interface Number {} interface Object {} interface RegExp {}
interface String { readonly length: number; } interface Symbol {} interface Promise<T> {}
interface TemplateStringsArray extends ReadonlyArray<string> { readonly raw: readonly string[]; }
type Record<K extends keyof any, T> = { [P in K]: T };
type Partial<T> = { [P in keyof T]?: T[P] }; type Readonly<T> = { readonly [P in keyof T]: T[P] };
type Extract<T, U> = T extends U ? T : never; type Exclude<T, U> = T extends U ? never : T;
`;

/** Compiler options for topology files: strict, bundler resolution, every file a module. */
export function compilerOptions(tsLibFolder: string | undefined): ts.CompilerOptions {
  return {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    moduleDetection: ts.ModuleDetectionKind.Force,
    allowImportingTsExtensions: true,
    noEmit: true,
    skipLibCheck: true,
    skipDefaultLibCheck: true,
    types: [],
    lib: [TS_LIB],
    noLib: tsLibFolder === undefined,
    libReplacement: false,
    allowJs: false,
    isolatedModules: false,
  } as ts.CompilerOptions;
}

/** A text snapshot that tells TypeScript what changed, so an edit re-parses incrementally. */
class TextSnapshot implements ts.IScriptSnapshot {
  constructor(readonly text: string) {}
  getText(start: number, end: number): string {
    return this.text.substring(start, end);
  }
  getLength(): number {
    return this.text.length;
  }
  getChangeRange(old: ts.IScriptSnapshot): ts.TextChangeRange | undefined {
    if (!(old instanceof TextSnapshot)) return undefined;
    const a = old.text;
    const b = this.text;
    const max = Math.min(a.length, b.length);
    let prefix = 0;
    while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
    let suffix = 0;
    while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
    return ts.createTextChangeRange(ts.createTextSpan(prefix, a.length - suffix - prefix), b.length - suffix - prefix);
  }
}

interface Overlay {
  text: string;
  version: number;
  snapshot: ts.IScriptSnapshot;
  /** Unique in the process: workspaces share parsed files, keyed by this. */
  key: number;
}

let nextKey = 0;

/**
 * The LanguageServiceHost of a topology workspace: open documents overlay the disk, and
 * `@harmony/topology` resolves to the library folder whatever the user's setup.
 */
export class TopologyHost implements ts.LanguageServiceHost {
  readonly libraryFolder: string;
  readonly libraryIndex: string;
  readonly tsLibFolder: string | undefined;
  private readonly minimalLib: string;
  private readonly options: ts.CompilerOptions;
  private readonly overlays = new Map<string, Overlay>();
  private readonly shadows = new Map<string, Overlay>();
  private readonly diskVersions = new Map<string, number>();
  private readonly diskStamps = new Map<string, string>();
  private readonly diskSnapshots = new Map<string, { version: number; snapshot: ts.IScriptSnapshot | undefined; error?: string }>();
  readonly roots = new Set<string>();
  private projectVersion = 0;
  private readonly resolutionCache: ts.ModuleResolutionCache;

  constructor(options: AnalyzerOptions = {}) {
    this.libraryFolder = findLibraryFolder(options.libraryPath);
    this.libraryIndex = normalize(path.join(this.libraryFolder, "index.d.ts"));
    this.tsLibFolder = options.typescriptLibPath ? normalize(options.typescriptLibPath) : findTypeScriptLibFolder(this.libraryFolder);
    this.minimalLib = normalize(path.join(this.libraryFolder, "__minimal_lib.d.ts"));
    this.options = compilerOptions(this.tsLibFolder);
    this.resolutionCache = ts.createModuleResolutionCache(process.cwd(), (f) => f, this.options);
  }

  // --- what the analyzer changes -------------------------------------------------------------

  setOverlay(file: string, text: string, version?: number): void {
    const old = this.overlays.get(file);
    if (old && old.text === text) return;
    const v = version ?? (old ? old.version + 1 : 1);
    this.overlays.set(file, {
      text,
      version: old && v <= old.version ? old.version + 1 : v,
      snapshot: new TextSnapshot(text),
      key: ++nextKey,
    });
    this.roots.add(file);
    this.changed();
  }

  removeOverlay(file: string): void {
    if (!this.overlays.delete(file)) return;
    this.bumpDisk(file);
  }

  /** The file changed on disk (created, changed or deleted). */
  bumpDisk(file: string): void {
    this.diskVersions.set(file, (this.diskVersions.get(file) ?? 0) + 1);
    this.diskSnapshots.delete(file);
    this.diskStamps.delete(file);
    this.resolutionCache.clear();
    this.changed();
  }

  addRoot(file: string): void {
    if (this.roots.has(file)) return;
    this.roots.add(file);
    this.changed();
  }

  removeRoot(file: string): void {
    if (this.roots.delete(file)) this.changed();
  }

  /** Analyses `text` in place of the file's until cleared: a repaired copy, same offsets. */
  setShadow(file: string, text: string): void {
    this.shadows.set(file, { text, version: 0, snapshot: new TextSnapshot(text), key: ++nextKey });
    this.changed();
  }

  clearShadow(file: string): void {
    if (this.shadows.delete(file)) this.changed();
  }

  hasOverlay(file: string): boolean {
    return this.overlays.has(file);
  }

  overlayVersion(file: string): number | undefined {
    return this.overlays.get(file)?.version;
  }

  private changed(): void {
    this.projectVersion++;
  }

  // --- ts.LanguageServiceHost ------------------------------------------------------------------

  getProjectVersion(): string {
    return String(this.projectVersion);
  }
  getCompilationSettings(): ts.CompilerOptions {
    return this.options;
  }
  getScriptFileNames(): string[] {
    const names = [...this.roots];
    if (!this.tsLibFolder) names.push(this.minimalLib);
    return names;
  }
  getScriptVersion(file: string): string {
    const s = this.shadows.get(file);
    if (s) return `s${s.key}`;
    const o = this.overlays.get(file);
    if (o) return `o${o.key}`;
    return this.diskVersion(file);
  }
  /** A file on disk is known by its modification time and size: the same in every workspace. */
  private diskVersion(file: string): string {
    let stamp = this.diskStamps.get(file);
    if (stamp === undefined) {
      try {
        const st = fs.statSync(file);
        stamp = `d${st.mtimeMs}:${st.size}`;
      } catch {
        stamp = "d-";
      }
      this.diskStamps.set(file, stamp);
    }
    return stamp;
  }

  getScriptSnapshot(file: string): ts.IScriptSnapshot | undefined {
    const o = this.shadows.get(file) ?? this.overlays.get(file);
    if (o) return o.snapshot;
    if (file === this.minimalLib) return ts.ScriptSnapshot.fromString(MINIMAL_LIB);
    const version = this.diskVersions.get(file) ?? 0;
    const cached = this.diskSnapshots.get(file);
    if (cached && cached.version === version) return cached.snapshot;
    const read = readInputFile(file);
    const snapshot = read.ok ? ts.ScriptSnapshot.fromString(read.text) : undefined;
    this.diskSnapshots.set(file, { version, snapshot, error: read.ok ? undefined : read.error });
    return snapshot;
  }
  /** Why the file on disk could not be read, when it could not. */
  readError(file: string): string | undefined {
    return this.diskSnapshots.get(file)?.error;
  }
  getCurrentDirectory(): string {
    return process.cwd();
  }
  getDefaultLibFileName(): string {
    return this.tsLibFolder ? `${this.tsLibFolder}/${TS_LIB}` : this.minimalLib;
  }
  fileExists(file: string): boolean {
    if (this.overlays.has(file) || file === this.minimalLib) return true;
    return ts.sys.fileExists(file);
  }
  readFile(file: string): string | undefined {
    const o = this.overlays.get(file);
    if (o) return o.text;
    const read = readInputFile(file);
    return read.ok ? read.text : undefined;
  }
  directoryExists(dir: string): boolean {
    return ts.sys.directoryExists(dir);
  }
  getDirectories(dir: string): string[] {
    return ts.sys.getDirectories(dir);
  }
  realpath(p: string): string {
    return p;
  }
  useCaseSensitiveFileNames(): boolean {
    return ts.sys.useCaseSensitiveFileNames;
  }

  resolveModuleNameLiterals(
    literals: readonly ts.StringLiteralLike[],
    containingFile: string,
    redirectedReference: ts.ResolvedProjectReference | undefined,
    options: ts.CompilerOptions,
  ): readonly ts.ResolvedModuleWithFailedLookupLocations[] {
    return literals.map((literal) => {
      const name = literal.text;
      if (name === LIBRARY_MODULE) {
        return {
          resolvedModule: { resolvedFileName: this.libraryIndex, extension: ts.Extension.Dts, isExternalLibraryImport: false },
        };
      }
      return ts.resolveModuleName(name, containingFile, options, this, this.resolutionCache, redirectedReference);
    });
  }
}
