import ts from "typescript";
import { skipOuter } from "../analyzer/syntax";
import type { SpecValue } from "../../shared/model";

/** The library module topology files import their factories from. */
export const LIBRARY_MODULE = "@harmony/topology";

/** A top-level `const x = …` of a topology file. */
export interface ConstDeclaration {
  name: string;
  statement: ts.VariableStatement;
  declaration: ts.VariableDeclaration;
  /** The initializer without parentheses, `as const` or `satisfies`. */
  init: ts.Expression;
}

/** A topology file parsed for editing: its consts, its library import and its writing habits. */
export class SourceView {
  readonly sf: ts.SourceFile;
  readonly consts = new Map<string, ConstDeclaration>();
  /** Every name declared at the top level (consts, imports, functions…), for unique new names. */
  readonly topLevelNames = new Set<string>();
  libraryImport?: ts.ImportDeclaration;
  /** Local name -> library factory, from `import { k8sAnywhere as k8s }`. */
  private readonly localToFactory = new Map<string, string>();
  private readonly factoryToLocal = new Map<string, string>();
  private namespaceName?: string;
  readonly quote: '"' | "'";
  readonly eol: string;

  /** `parsed`: the language server's own parse of exactly this text, reused instead of parsing again. */
  constructor(readonly text: string, fileName = "file.topology.ts", parsed?: ts.SourceFile) {
    this.sf = parsed && parsed.text === text ? parsed : ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    for (const statement of this.sf.statements) {
      if (ts.isImportDeclaration(statement)) {
        const clause = statement.importClause;
        if (clause?.name) this.topLevelNames.add(clause.name.text);
        const bindings = clause?.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) this.topLevelNames.add(bindings.name.text);
        if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) this.topLevelNames.add(e.name.text);
        if (ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === LIBRARY_MODULE && !clause?.isTypeOnly) {
          if (bindings && ts.isNamespaceImport(bindings)) {
            this.namespaceName ??= bindings.name.text;
            this.libraryImport ??= statement;
          } else if (bindings && ts.isNamedImports(bindings)) {
            if (!this.libraryImport || this.namespaceName === undefined) this.libraryImport ??= statement;
            for (const e of bindings.elements) {
              if (e.isTypeOnly) continue;
              const factory = (e.propertyName ?? e.name).text;
              this.localToFactory.set(e.name.text, factory);
              if (!this.factoryToLocal.has(factory)) this.factoryToLocal.set(factory, e.name.text);
            }
          }
        }
      } else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (!ts.isIdentifier(declaration.name)) continue;
          this.topLevelNames.add(declaration.name.text);
          if (declaration.initializer) {
            this.consts.set(declaration.name.text, {
              name: declaration.name.text,
              statement,
              declaration,
              init: skipOuter(declaration.initializer),
            });
          }
        }
      } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
        this.topLevelNames.add(statement.name.text);
      } else if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement))) {
        this.topLevelNames.add(statement.name.text);
      }
    }
    const doubles = (text.match(/"/g) ?? []).length;
    const singles = (text.match(/'/g) ?? []).length;
    this.quote = singles > doubles ? "'" : '"';
    this.eol = text.includes("\r\n") ? "\r\n" : "\n";
  }

  /** The library factory a call invokes (`k8sAnywhere`, `deploy`…), or the callee's own name. */
  factoryOf(node: ts.Node | undefined): string | undefined {
    if (!node || !ts.isCallExpression(node)) return undefined;
    const callee = node.expression;
    if (ts.isIdentifier(callee)) return this.localToFactory.get(callee.text) ?? callee.text;
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === this.namespaceName) {
      return callee.name.text;
    }
    return undefined;
  }

  /** How this file spells a library factory, if it already imports it. */
  localNameOf(factory: string): string | undefined {
    if (this.namespaceName) return `${this.namespaceName}.${factory}`;
    return this.factoryToLocal.get(factory);
  }

  lineStart(offset: number): number {
    return this.text.lastIndexOf("\n", offset - 1) + 1;
  }

  /** The offset just past the line break ending the line that holds `offset` (or the end of text). */
  nextLineStart(offset: number): number {
    const i = this.text.indexOf("\n", offset);
    return i < 0 ? this.text.length : i + 1;
  }

  indentAt(offset: number): string {
    const start = this.lineStart(offset);
    return /^[ \t]*/.exec(this.text.slice(start))![0];
  }

  lineOf(offset: number): number {
    return this.sf.getLineAndCharacterOfPosition(offset).line;
  }
}

/** The spec object literal of a factory call, `k8sAnywhere({ … })`. */
export function specLiteral(call: ts.CallExpression): ts.ObjectLiteralExpression | undefined {
  const arg = call.arguments[0];
  if (!arg) return undefined;
  const e = skipOuter(arg);
  return ts.isObjectLiteralExpression(e) ? e : undefined;
}

export function propertyName(p: ts.ObjectLiteralElementLike): string | undefined {
  const n = p.name;
  if (!n) return undefined;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) return n.text;
  return undefined;
}

export function findProperty(obj: ts.ObjectLiteralExpression, key: string): ts.ObjectLiteralElementLike | undefined {
  return obj.properties.find((p) => propertyName(p) === key);
}

/** The value expression of a property (`a: x` or shorthand `a`). */
export function propertyValue(p: ts.ObjectLiteralElementLike): ts.Expression | undefined {
  if (ts.isPropertyAssignment(p)) return skipOuter(p.initializer);
  if (ts.isShorthandPropertyAssignment(p)) return p.name;
  return undefined;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Writes a spec value as TypeScript, on one line, in the file's quote style. */
export function literal(v: SpecValue | undefined, quote: '"' | "'"): string {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (typeof v === "string") return quoteString(v, quote);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => literal(x, quote)).join(", ")}]`;
  const entries = Object.entries(v);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([k, x]) => `${propertyKey(k, quote)}: ${literal(x, quote)}`).join(", ")} }`;
}

export function propertyKey(k: string, quote: '"' | "'"): string {
  return IDENTIFIER.test(k) ? k : quoteString(k, quote);
}

function quoteString(s: string, quote: '"' | "'"): string {
  const json = JSON.stringify(s);
  if (quote === '"') return json;
  return `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function if " +
    "import in instanceof new null return super switch this throw true try typeof var void while with as implements interface " +
    "let package private protected public static yield await any boolean number string symbol type undefined").split(" "),
);

/** A const name for a spec name: `orders-db` -> `ordersDb`. */
export function identifierFor(name: string, fallback: string): string {
  const words = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let id = words.map((w, i) => (i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1))).join("");
  if (!id || /^[0-9]/.test(id)) id = fallback + id.charAt(0).toUpperCase() + id.slice(1);
  if (RESERVED.has(id)) id += "_";
  return id;
}
