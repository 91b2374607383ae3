import ts from "typescript";
import { type TopologyDiagnostic, type TopologyModel, emptyModel } from "../../shared/model";
import { harmonyDiagnostics, typescriptDiagnostics } from "./checks";
import { type AnalyzerOptions, TopologyHost } from "./host";
import { normalize } from "./paths";
import { type FileMemory, StatementTypeCache, planCheck, semanticDiagnostics } from "./incremental";
import { type ModelFacts, ModelReader } from "./read-model";
import { repairSwallowed } from "./repair";

/** What the analyzer says about one topology file. */
export interface Analysis {
  model: TopologyModel;
  diagnostics: TopologyDiagnostic[];
}

/** An analysis with the facts behind it, for hosts that act on the syntax (quick fixes). */
export interface DetailedAnalysis extends Analysis {
  facts?: ModelFacts;
  sourceFile?: ts.SourceFile;
  program?: ts.Program;
}

/**
 * TypeScript's checker is quadratic in the number of top-level statements (control-flow analysis
 * walks back over them): past these sizes a file is read without it, capabilities from the
 * library's tables, so the analysis still ends in seconds.
 */
export const LARGE_FILE_CHARACTERS = 1_500_000;
export const LARGE_FILE_STATEMENTS = 6_000;

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
    this.host.bumpDisk(normalize(file));
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
    let shadowed = false;
    try {
      let program = this.service.getProgram();
      let sourceFile = program?.getSourceFile(f);
      if (!program || !sourceFile) {
        return { model: emptyModel(f), diagnostics: [unreadable(f, this.host.readError(f) ?? "the file cannot be read")] };
      }
      let syntactic = this.service.getSyntacticDiagnostics(f);
      const original = sourceFile;
      if (syntactic.length > 0) {
        // Analyse a repaired copy, so declarations after a half-typed one still count.
        const repaired = repairSwallowed(sourceFile.text);
        if (repaired !== undefined) {
          this.host.setShadow(f, repaired.text);
          shadowed = true;
          program = this.service.getProgram()!;
          sourceFile = program.getSourceFile(f)!;
          // The broken statement's own errors, not the cascade its swallowing caused below.
          const inBlanked = (d: ts.Diagnostic) => repaired.blanked.some(([from, to]) => (d.start ?? 0) >= from && (d.start ?? 0) <= to);
          syntactic = [...syntactic.filter(inBlanked), ...this.service.getSyntacticDiagnostics(f)];
        }
      }
      const large = sourceFile.text.length > LARGE_FILE_CHARACTERS || sourceFile.statements.length > LARGE_FILE_STATEMENTS;
      const context = contextOf(program, sourceFile);
      // With syntax errors, statements bleed into each other: check the whole file.
      const plan = large || syntactic.length > 0 ? undefined : planCheck(sourceFile, this.memory.get(f), context);
      this.memory.delete(f);
      const semantic = large ? [] : semanticDiagnostics(program, this.service, sourceFile, plan);
      const cache = new StatementTypeCache(sourceFile, plan);
      const facts = new ModelReader(program, sourceFile, this.host.libraryIndex, cache, large).read();
      if (!large) this.memory.set(f, cache.remember(semantic, context, plan));
      const harmony = harmonyDiagnostics(facts, sourceFile);
      const explained = facts.deployments.filter((d) => d.deployment.missing.length > 0).map((d) => d.call);
      const diagnostics = [
        ...typescriptDiagnostics(syntactic, original, []),
        ...typescriptDiagnostics(semantic, sourceFile, explained),
        ...harmony,
        ...(large ? [tooLarge(f, sourceFile)] : []),
      ].sort(byPosition);
      return { model: facts.model, diagnostics, facts, sourceFile, program };
    } catch (e) {
      // TypeScript's parser and checker recurse once per level of nesting.
      const tooDeep = e instanceof RangeError && /call stack/i.test(e.message);
      const why = tooDeep ? "it nests too deeply for TypeScript to read (thousands of levels of brackets or type arguments)" : `internal error: ${e instanceof Error ? e.message : String(e)}`;
      return { model: emptyModel(f), diagnostics: [unreadable(f, why)] };
    } finally {
      if (shadowed) this.host.clearShadow(f);
    }
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

function byPosition(a: TopologyDiagnostic, b: TopologyDiagnostic): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function tooLarge(file: string, source: ts.SourceFile): TopologyDiagnostic {
  return {
    code: "HARMONY1100",
    severity: "info",
    message: `This file is too large for TypeScript's type checker (${(source.text.length / 1e6).toFixed(1)} MB, ${source.statements.length} statements): Harmony checked it with the library's capability tables, without TypeScript's type errors. Split it into several files for a full check.`,
    file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    related: [],
  };
}

function unreadable(file: string, why: string): TopologyDiagnostic {
  return {
    code: "HARMONY1000",
    severity: "error",
    message: `Harmony could not analyse this file: ${why}`,
    file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    related: [],
  };
}

/**
 * Analyses topology files on disk as one program (so imports between them resolve once) and
 * returns each file's model and diagnostics, keyed by absolute `/`-separated path.
 */
export function analyzeFiles(paths: string[], options: AnalyzerOptions = {}): Map<string, Analysis> {
  const workspace = new TopologyWorkspace(options);
  const files = paths.map(normalize);
  for (const f of files) workspace.addFile(f);
  const out = new Map<string, Analysis>();
  for (const f of files) out.set(f, workspace.analyze(f));
  return out;
}
