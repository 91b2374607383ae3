import ts from "typescript";
import { skipOuter } from "./syntax";
import { safeAliased } from "./evaluate";

/**
 * Helper functions read as their body, never run: a call `pair("db")` of `function pair(name) {
 * return failover({ name, … }) }` reads as the `failover({…})` it returns, with each parameter
 * standing for the argument written at the call (call by name). Both the evaluator (spec values)
 * and the model reader (which topology is which) resolve parameters through the same scope, so
 * what checks is exactly what the planner gets.
 */

/** What a parameter stands for: the expression written at the call, read in the caller's scope. */
export interface Binding {
  expression: ts.Expression;
  scope: Scope | undefined;
}

/** Helpers calling helpers nest no deeper than this (a recursive helper stops here). */
const MAX_UNFOLD = 16;

export class Scope {
  constructor(
    private readonly bindings: ReadonlyMap<ts.Declaration, Binding>,
    private readonly parent: Scope | undefined,
    readonly depth: number,
  ) {}

  lookup(declaration: ts.Declaration): Binding | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const b = s.bindings.get(declaration);
      if (b) return b;
    }
    return undefined;
  }
}

/** A helper call read as its body: the expression it returns and the scope its parameters are bound in. */
export interface Unfolded {
  returned: ts.Expression;
  scope: Scope;
}

/** Why a helper call cannot be read as its body, in words that follow "Harmony reads a helper function …". */
export type NotUnfolded = { reason: string };

/**
 * Reads `call` as the body of the function it calls, when that body is one `return` of an
 * expression (consts before it are fine) and every parameter is a plain name.
 */
export function unfoldHelper(checker: ts.TypeChecker, call: ts.CallExpression, scope: Scope | undefined): Unfolded | NotUnfolded {
  if ((scope?.depth ?? 0) >= MAX_UNFOLD) return { reason: `helpers nested more than ${MAX_UNFOLD} deep (a helper that calls itself)` };
  const fn = functionOf(checker, call);
  if (!fn) return { reason: "it calls something that is not a function declared in the workspace" };
  const returned = returnedExpression(fn);
  if (!returned) return { reason: "its body is more than consts and one `return` of an expression" };
  const bindings = new Map<ts.Declaration, Binding>();
  const inner = new Scope(bindings, scope, (scope?.depth ?? 0) + 1);
  for (let i = 0; i < fn.parameters.length; i++) {
    const p = fn.parameters[i];
    if (!ts.isIdentifier(p.name) || p.dotDotDotToken) return { reason: `its parameter \`${p.name.getText()}\` is not a plain name` };
    const argument = call.arguments[i];
    if (argument && ts.isSpreadElement(argument)) return { reason: "its arguments are spread" };
    if (argument) bindings.set(p, { expression: argument, scope });
    else if (p.initializer) bindings.set(p, { expression: p.initializer, scope: inner });
  }
  return { returned, scope: inner };
}

function functionOf(checker: ts.TypeChecker, call: ts.CallExpression): ts.SignatureDeclaration & { body?: ts.Node } | undefined {
  const callee = skipOuter(call.expression);
  if (ts.isFunctionExpression(callee) || ts.isArrowFunction(callee)) return callee;
  let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = safeAliased(checker, symbol);
  const declaration = symbol?.valueDeclaration;
  if (!declaration || declaration.getSourceFile().isDeclarationFile) return undefined;
  if (ts.isFunctionDeclaration(declaration)) return declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) {
    const init = skipOuter(declaration.initializer);
    if (ts.isFunctionExpression(init) || ts.isArrowFunction(init)) return init;
  }
  return undefined;
}

function returnedExpression(fn: ts.SignatureDeclaration & { body?: ts.Node }): ts.Expression | undefined {
  const body = fn.body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return ts.isExpression(body) ? body : undefined;
  const statements = body.statements;
  const last = statements[statements.length - 1];
  if (!last || !ts.isReturnStatement(last) || !last.expression) return undefined;
  for (const s of statements.slice(0, -1)) {
    const constants = ts.isVariableStatement(s) && s.declarationList.flags & ts.NodeFlags.Const;
    if (!constants) return undefined;
  }
  return last.expression;
}

/** True when a declaration sits inside a function, so its value depends on the call that reaches it. */
export function insideFunction(node: ts.Node): boolean {
  for (let n = node.parent; n; n = n.parent) if (ts.isFunctionLike(n)) return true;
  return false;
}
