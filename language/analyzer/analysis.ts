import ts from "typescript";
import { type TopologyDiagnostic, type TopologyModel, emptyModel } from "../../shared/model";
import { harmonyDiagnostics, typescriptDiagnostics } from "./checks";
import { type ModelFacts, ModelReader, type TypeFactsCache } from "./read-model";
import { repairSwallowed } from "./repair";

/**
 * The analysis of one file, whatever holds the program: the language server's LanguageService
 * (incremental, overlays) or the one-shot plain program of the CLI. Both go through
 * {@link analyzeSource}, so both say the same thing about the same text.
 */

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

/** TypeScript's semantic diagnostics of a file, and what the model reader may reuse. */
export interface SemanticCheck {
  diagnostics: readonly ts.Diagnostic[];
  cache?: TypeFactsCache;
  /** Called once the model has been read, with the same check. */
  done?(): void;
}

/** Where an analysis gets its program; what differs between the incremental and the one-shot path. */
export interface ProgramSource {
  /** The `@harmony/topology` declarations file. */
  readonly libraryIndex: string;
  /** The program over the current texts, or undefined when it cannot be built. */
  program(): ts.Program | undefined;
  /** Why a file on disk could not be read (not a regular file, too large…), when it could not. */
  readError(file: string): string | undefined;
  /** Until cleared, `file` reads `text` (a repaired copy, same offsets). */
  setShadow(file: string, text: string): void;
  clearShadow(file: string): void;
  /** TypeScript's semantic check of `file`; `whole` when every statement must be re-checked, `skip` for a large file. */
  check(program: ts.Program, file: ts.SourceFile, how: { whole: boolean; skip: boolean }): SemanticCheck;
}

/** Model and diagnostics of one file: TypeScript's and Harmony's, never the same problem twice. Never throws. */
export function analyzeSource(source: ProgramSource, f: string): DetailedAnalysis {
  let shadowed = false;
  try {
    let program = source.program();
    let sourceFile = program?.getSourceFile(f);
    if (!program || !sourceFile) {
      return { model: emptyModel(f), diagnostics: [unreadable(f, source.readError(f) ?? "the file cannot be read")] };
    }
    let syntactic = program.getSyntacticDiagnostics(sourceFile);
    const original = sourceFile;
    if (syntactic.length > 0) {
      // Analyse a repaired copy, so declarations after a half-typed one still count.
      const repaired = repairSwallowed(sourceFile.text);
      if (repaired !== undefined) {
        source.setShadow(f, repaired.text);
        shadowed = true;
        program = source.program()!;
        sourceFile = program.getSourceFile(f)!;
        // The broken statement's own errors, not the cascade its swallowing caused below.
        const inBlanked = (d: ts.Diagnostic) => repaired.blanked.some(([from, to]) => (d.start ?? 0) >= from && (d.start ?? 0) <= to);
        syntactic = [...syntactic.filter(inBlanked), ...program.getSyntacticDiagnostics(sourceFile)];
      }
    }
    const large = sourceFile.text.length > LARGE_FILE_CHARACTERS || sourceFile.statements.length > LARGE_FILE_STATEMENTS;
    // With syntax errors, statements bleed into each other: check the whole file.
    const semantic = source.check(program, sourceFile, { whole: large || syntactic.length > 0, skip: large });
    const facts = new ModelReader(program, sourceFile, source.libraryIndex, semantic.cache, large).read();
    semantic.done?.();
    const harmony = harmonyDiagnostics(facts, sourceFile);
    const explained = facts.deployments.filter((d) => d.deployment.missing.length > 0).map((d) => d.call);
    const diagnostics = [
      ...typescriptDiagnostics(syntactic, original, []),
      ...typescriptDiagnostics(semantic.diagnostics, sourceFile, explained),
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
    if (shadowed) source.clearShadow(f);
  }
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
