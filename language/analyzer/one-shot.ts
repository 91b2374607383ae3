import ts from "typescript";
import { type Analysis, type ProgramSource, analyzeSource } from "./analysis";
import { type AnalyzerOptions, TopologyHost } from "./host";
import { DeclarationFiles } from "./declarations";
import { normalize } from "./paths";

/**
 * Files on disk analysed once (the CLI, the deploy planner, the bond differ) need none of the
 * LanguageService's bookkeeping: a plain `ts.createProgram`, as `tsc` builds it, with the
 * workspace's resolution of `@harmony/topology` and TypeScript's lib files. Lib and library
 * declarations are parsed the way `tsc` parses them, without the doc comments only hover reads.
 */
class PlainPrograms implements ProgramSource {
  readonly libraryIndex: string;
  private readonly compilerHost: ts.CompilerHost;
  private readonly parsed = new Map<string, { snapshot: ts.IScriptSnapshot; file: ts.SourceFile }>();
  private current: { version: string; program: ts.Program } | undefined;

  constructor(private readonly host: TopologyHost) {
    this.libraryIndex = host.libraryIndex;
    this.compilerHost = {
      getSourceFile: (fileName, languageVersionOrOptions) => this.sourceFile(fileName, languageVersionOrOptions),
      getDefaultLibFileName: () => host.getDefaultLibFileName(),
      writeFile: () => {},
      getCurrentDirectory: () => host.getCurrentDirectory(),
      getCanonicalFileName: (f) => (ts.sys.useCaseSensitiveFileNames ? f : f.toLowerCase()),
      useCaseSensitiveFileNames: () => host.useCaseSensitiveFileNames(),
      getNewLine: () => "\n",
      fileExists: (f) => host.fileExists(f),
      readFile: (f) => host.readFile(f),
      directoryExists: (d) => host.directoryExists(d),
      getDirectories: (d) => host.getDirectories(d),
      realpath: (p) => host.realpath(p),
      resolveModuleNameLiterals: (literals, containing, redirected, options) =>
        host.resolveModuleNameLiterals(literals, containing, redirected, options),
      jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors,
    };
  }

  /** Parsed once per text: a program rebuilt around a repaired file reuses every other file. */
  private sourceFile(fileName: string, options: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.SourceFile | undefined {
    const snapshot = this.host.getScriptSnapshot(fileName);
    if (!snapshot) return undefined;
    const known = this.parsed.get(fileName);
    if (known?.snapshot === snapshot) return known.file;
    const file = ts.createSourceFile(fileName, snapshot.getText(0, snapshot.getLength()), options);
    this.parsed.set(fileName, { snapshot, file });
    return file;
  }

  program(): ts.Program {
    const version = this.host.getProjectVersion();
    if (this.current?.version !== version) {
      const program = ts.createProgram({
        rootNames: this.host.getScriptFileNames(),
        options: this.host.getCompilationSettings(),
        host: this.compilerHost,
        oldProgram: this.current?.program,
      });
      this.current = { version, program };
    }
    return this.current.program;
  }

  readError(file: string): string | undefined {
    return this.host.readError(file);
  }

  setShadow(file: string, text: string): void {
    this.host.setShadow(file, text);
  }

  clearShadow(file: string): void {
    this.host.clearShadow(file);
  }

  check(program: ts.Program, file: ts.SourceFile, { skip }: { skip: boolean }) {
    return { diagnostics: skip ? [] : program.getSemanticDiagnostics(file) };
  }
}

/**
 * Analyses topology files on disk as one program (so imports between them resolve once) and
 * returns each file's model and diagnostics, keyed by absolute `/`-separated path.
 */
export function analyzeFiles(paths: string[], options: AnalyzerOptions = {}): Map<string, Analysis> {
  const host = new TopologyHost(options);
  const files = paths.map(normalize);
  const declarations = new DeclarationFiles();
  for (const f of files) {
    host.addRoot(f);
    // The project's declaration files, whichever of its files are asked for.
    for (const d of declarations.of(f)) if (d !== host.libraryIndex) host.addRoot(d);
  }
  const programs = new PlainPrograms(host);
  const out = new Map<string, Analysis>();
  for (const f of files) {
    const { model, diagnostics } = analyzeSource(programs, f);
    out.set(f, { model, diagnostics });
  }
  return out;
}
