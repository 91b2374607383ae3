import ts from "typescript";
import { type Analysis, type DetailedAnalysis, analyzeSource } from "./analysis";
import { type AnalyzerOptions, TopologyHost } from "./host";
import { type FileMemory, StatementTypeCache, planCheck, semanticDiagnostics } from "./incremental";
import { DeclarationFiles } from "./declarations";
import { normalize } from "./paths";

// Shared by every workspace in the process, so TypeScript's lib files and the library are
// parsed once, whoever asks.
const registry = ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames);

/**
 * An incremental set of topology files: open documents overlay the disk, one TypeScript
 * LanguageService is reused across edits, and each analysis re-checks only the file asked for.
 * Every method catches its own failures: an analysis never throws.
 */
export class TopologyWorkspace {
  readonly host: TopologyHost;
  /** The TypeScript LanguageService over the workspace, for completion, hover and the like. */
  readonly service: ts.LanguageService;
  private readonly memory = new Map<string, FileMemory>();
  private readonly declarations = new DeclarationFiles();
  /** Declaration files made roots for the project's sake, dropped when the project changes. */
  private readonly declared = new Set<string>();

  constructor(options: AnalyzerOptions = {}) {
    this.host = new TopologyHost(options);
    this.service = ts.createLanguageService(this.host, registry);
  }

  /** Sets the text of an open document; it wins over the file on disk until removed. */
  setDocument(file: string, text: string, version?: number): void {
    this.host.setOverlay(normalize(file), text, version);
  }

  /** Forgets an open document's text: the file on disk counts again. */
  removeDocument(file: string, keepAsRoot = false): void {
    const f = normalize(file);
    this.host.removeOverlay(f);
    if (!keepAsRoot) this.host.removeRoot(f);
  }

  /** Tells the workspace a file changed, appeared or vanished on disk. */
  fileChanged(file: string): void {
    const f = normalize(file);
    if (this.declarations.changed(f)) {
      for (const d of this.declared) this.host.removeRoot(d);
      this.declared.clear();
    }
    this.host.bumpDisk(f);
  }

  /** Adds a file on disk to the program without opening it. */
  addFile(file: string): void {
    this.host.addRoot(normalize(file));
  }

  /** The version of an open document, or -1 when the file is read from disk. */
  versionOf(file: string): number {
    return this.host.overlayVersion(normalize(file)) ?? -1;
  }

  /** The current program (type-checked lazily). */
  program(): ts.Program | undefined {
    try {
      return this.service.getProgram();
    } catch {
      return undefined;
    }
  }

  /** True when `file` imports `dependency`, directly or through other files. */
  dependsOn(file: string, dependency: string): boolean {
    try {
      return this.imports(normalize(file), normalize(dependency));
    } catch {
      return true; // when in doubt, re-check
    }
  }

  private imports(file: string, target: string): boolean {
    const program = this.program();
    if (!program) return true;
    const checker = program.getTypeChecker();
    const seen = new Set<string>();
    const queue = [file];
    while (queue.length > 0) {
      const current = program.getSourceFile(queue.pop()!);
      if (!current || seen.has(current.fileName)) continue;
      seen.add(current.fileName);
      for (const statement of current.statements) {
        const specifier =
          (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier;
        if (!specifier) continue;
        const declaration = checker.getSymbolAtLocation(specifier)?.valueDeclaration;
        if (!declaration || !ts.isSourceFile(declaration)) continue;
        if (declaration.fileName === target) return true;
        queue.push(declaration.fileName);
      }
    }
    return false;
  }

  /** Model and diagnostics of one file: TypeScript's and Harmony's, never the same problem twice. */
  analyze(file: string): Analysis {
    const { model, diagnostics } = this.analyzeDetailed(file);
    return { model, diagnostics };
  }

  /** Like {@link analyze}, with the syntax and facts behind the model. */
  analyzeDetailed(file: string): DetailedAnalysis {
    const f = normalize(file);
    this.host.addRoot(f);
    for (const d of this.declarations.of(f)) {
      if (d === this.host.libraryIndex || this.declared.has(d)) continue;
      this.declared.add(d);
      this.host.addRoot(d);
    }
    return analyzeSource(
      {
        libraryIndex: this.host.libraryIndex,
        program: () => this.service.getProgram(),
        readError: (unread) => this.host.readError(unread),
        setShadow: (shadowed, text) => this.host.setShadow(shadowed, text),
        clearShadow: (shadowed) => this.host.clearShadow(shadowed),
        check: (program, sourceFile, { whole, skip }) => {
          const context = contextOf(program, sourceFile);
          const plan = whole ? undefined : planCheck(sourceFile, this.memory.get(f), context);
          this.memory.delete(f);
          const diagnostics = skip ? [] : semanticDiagnostics(program, this.service, sourceFile, plan);
          const cache = new StatementTypeCache(sourceFile, plan);
          const done = () => {
            if (!skip) this.memory.set(f, cache.remember(diagnostics, context, plan));
          };
          return { diagnostics, cache, done };
        },
      },
      f,
    );
  }
}

/** The versions of every other file the program holds: what a file's meaning depends on. */
function contextOf(program: ts.Program, file: ts.SourceFile): string {
  const parts: string[] = [];
  for (const f of program.getSourceFiles()) {
    if (f !== file) parts.push(`${f.fileName}@${(f as { version?: string }).version ?? ""}`);
  }
  return parts.join("|");
}
