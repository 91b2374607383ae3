import ts from "typescript";
import type { TypeFactsCache } from "./read-model";
import type { TypeFacts } from "./types";

/**
 * Re-checking a whole file after each keystroke costs TypeScript time quadratic in the number of
 * top-level statements (control-flow analysis walks back over every statement before a
 * reference). Most edits change one statement, so this remembers, per top-level statement text,
 * its TypeScript diagnostics and the type facts read from it, and re-checks only the statements
 * whose text changed plus those that (transitively) name what those declare.
 */

/** What is remembered of one top-level statement. */
interface StatementMemory {
  /** Diagnostics inside the statement, positions relative to its start. */
  diagnostics: ts.Diagnostic[];
  /** Type facts of nodes inside it, keyed by `relativeStart:kind`. */
  types: Map<string, TypeFacts>;
  /** Names it declares, and every identifier it mentions. */
  declares: string[];
  mentions: Set<string>;
}

/** What a file's previous analysis left behind. */
export interface FileMemory {
  /** Versions of every other file in the program: if any changed, everything is re-checked. */
  context: string;
  statements: Map<string, StatementMemory[]>;
}

/** How to check a file now: which statements to re-check, which to take from memory. */
export interface CheckPlan {
  dirty: ts.Statement[];
  reused: Map<ts.Statement, StatementMemory>;
}

const statementText = (file: ts.SourceFile, s: ts.Statement) => file.text.slice(s.getStart(file), s.end);

/** Plans an incremental check, or returns undefined when a full check is the safe choice. */
export function planCheck(file: ts.SourceFile, memory: FileMemory | undefined, context: string): CheckPlan | undefined {
  if (!memory || memory.context !== context) return undefined;
  const available = new Map<string, StatementMemory[]>();
  for (const [text, list] of memory.statements) available.set(text, [...list]);
  const reused = new Map<ts.Statement, StatementMemory>();
  const dirty: ts.Statement[] = [];
  for (const statement of file.statements) {
    const old = available.get(statementText(file, statement))?.shift();
    if (old) reused.set(statement, old);
    else dirty.push(statement);
  }
  const changed = new Set<string>();
  for (const list of available.values()) for (const gone of list) for (const n of gone.declares) changed.add(n);
  for (const statement of dirty) {
    // Imports, types, functions and module augmentations change meaning far from where they are.
    if (!ts.isVariableStatement(statement) && !ts.isExpressionStatement(statement) && !ts.isEmptyStatement(statement)) {
      return undefined;
    }
    for (const n of declaredNames(statement)) changed.add(n);
  }
  let grew = changed.size > 0;
  while (grew) {
    grew = false;
    for (const [statement, old] of reused) {
      if (!old.declares.some((n) => changed.has(n)) && ![...changed].some((n) => old.mentions.has(n))) continue;
      reused.delete(statement);
      dirty.push(statement);
      for (const n of old.declares) changed.add(n);
      grew = true;
    }
  }
  if (dirty.length > Math.max(16, file.statements.length / 2)) return undefined;
  return { dirty, reused };
}

/** TypeScript's semantic diagnostics of the file: region-checked where dirty, remembered elsewhere. */
export function semanticDiagnostics(
  program: ts.Program,
  service: ts.LanguageService,
  file: ts.SourceFile,
  plan: CheckPlan | undefined,
): ts.Diagnostic[] {
  if (!plan) return [...service.getSemanticDiagnostics(file.fileName)];
  const out: ts.Diagnostic[] = [];
  for (const [statement, old] of plan.reused) {
    const start = statement.getStart(file);
    for (const d of old.diagnostics) out.push({ ...d, file, start: start + (d.start ?? 0) });
  }
  if (plan.dirty.length > 0) {
    // `nodesToCheck` is TypeScript's region check (what tsserver uses for visible ranges).
    const regional = (
      program.getSemanticDiagnostics as (f: ts.SourceFile, t: ts.CancellationToken | undefined, n: ts.Node[]) => readonly ts.Diagnostic[]
    )(file, undefined, plan.dirty);
    const spans = plan.dirty.map((s) => [s.getFullStart(), s.end] as const);
    for (const d of regional) {
      const at = d.start ?? 0;
      if (spans.some(([from, to]) => at >= from && at < to)) out.push(d);
    }
  }
  return out;
}

/** A type facts cache over the statements of one file, carried into the next analysis. */
export class StatementTypeCache implements TypeFactsCache {
  private readonly byStatement = new Map<ts.Statement, Map<string, TypeFacts>>();

  constructor(
    private readonly file: ts.SourceFile,
    plan: CheckPlan | undefined,
  ) {
    if (plan) for (const [statement, old] of plan.reused) this.byStatement.set(statement, old.types);
  }

  private locate(node: ts.Node): [Map<string, TypeFacts>, string] | undefined {
    if (node.getSourceFile() !== this.file) return undefined;
    let statement: ts.Node = node;
    while (statement.parent && !ts.isSourceFile(statement.parent)) statement = statement.parent;
    if (!statement.parent) return undefined;
    let types = this.byStatement.get(statement as ts.Statement);
    if (!types) this.byStatement.set(statement as ts.Statement, (types = new Map()));
    return [types, `${node.getStart(this.file) - statement.getStart(this.file)}:${node.kind}:${node.end - node.getStart(this.file)}`];
  }

  get(node: ts.Node): TypeFacts | undefined {
    const at = this.locate(node);
    return at && at[0].get(at[1]);
  }

  set(node: ts.Node, facts: TypeFacts): void {
    const at = this.locate(node);
    if (at) at[0].set(at[1], facts);
  }

  /** The memory of this analysis, for the next one. */
  remember(diagnostics: readonly ts.Diagnostic[], context: string, plan: CheckPlan | undefined): FileMemory {
    const statements = new Map<string, StatementMemory[]>();
    const file = this.file;
    const starts = file.statements.map((s) => s.getStart(file));
    const byIndex: ts.Diagnostic[][] = file.statements.map(() => []);
    for (const d of diagnostics) {
      if (d.file !== file || d.start === undefined) continue;
      const i = statementAt(file, d.start);
      if (i >= 0) byIndex[i].push({ ...d, start: d.start - starts[i] });
    }
    file.statements.forEach((statement, i) => {
      const old = plan?.reused.get(statement);
      const memory: StatementMemory = {
        diagnostics: byIndex[i],
        types: this.byStatement.get(statement) ?? new Map(),
        declares: old?.declares ?? declaredNames(statement),
        mentions: old?.mentions ?? mentionedNames(statement),
      };
      const text = statementText(file, statement);
      const list = statements.get(text);
      if (list) list.push(memory);
      else statements.set(text, [memory]);
    });
    return { context, statements };
  }
}

/** Index of the top-level statement whose full span holds `position`, or -1. */
function statementAt(file: ts.SourceFile, position: number): number {
  let lo = 0;
  let hi = file.statements.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = file.statements[mid];
    if (position < s.getFullStart()) hi = mid - 1;
    else if (position >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

function declaredNames(statement: ts.Statement): string[] {
  const out: string[] = [];
  const bind = (name: ts.BindingName) => {
    if (ts.isIdentifier(name)) out.push(name.text);
    else for (const e of name.elements) if (!ts.isOmittedExpression(e)) bind(e.name);
  };
  if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) bind(d.name);
  else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) out.push(statement.name.text);
  return out;
}

function mentionedNames(statement: ts.Statement): Set<string> {
  const out = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) out.add(node.text);
    else ts.forEachChild(node, visit);
  };
  visit(statement);
  return out;
}
