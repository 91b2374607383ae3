import ts from "typescript";
import { skipOuter } from "./syntax";
import type { SpecValue, Unevaluated } from "../../shared/model";
import { insideFunction, type Scope } from "./scope";

/** Stands for `undefined`: an object property with it is left out, an array element is `null`. */
const UNDEFINED = Symbol("undefined");
type Value = SpecValue | typeof UNDEFINED;

const MAX_DEPTH = 64;
const MAX_TEXT = 120;

/** What evaluation reports: a value that cannot be read, a string under a `mac` key. */
export interface EvaluationSink {
  unevaluated(node: ts.Node): void;
  macAddress(node: ts.Node, value: string): void;
}

/**
 * Reads spec values statically: literals, `as const`, references to consts (across files),
 * spreads, templates, arithmetic, comparisons and conditionals on those, and parameters of a helper
 * function read through the scope of the call being read (./scope). Never runs anything; whatever
 * else is `{$unevaluated: text}`. One evaluator per analysis: it memoizes top-level consts, so shared
 * consts cost once.
 */
export class Evaluator {
  private readonly memo = new Map<ts.Declaration, Value>();
  private readonly visiting = new Set<ts.Declaration>();
  /** Unreadable values already reported where a helper's argument is written: not reported again inside the helper. */
  private readonly reported = new WeakSet<object>();
  /** The helper call being read, whose parameters stand for its arguments. */
  scope: Scope | undefined;

  /** Runs `read` with the parameters of `scope` bound. */
  within<T>(scope: Scope | undefined, read: () => T): T {
    const outer = this.scope;
    this.scope = scope;
    try {
      return read();
    } finally {
      this.scope = outer;
    }
  }

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly sink: EvaluationSink,
  ) {}

  /** The value of an expression; `undefined` when the expression is `undefined`. */
  evaluate(node: ts.Expression, omitKeys: string[] = []): SpecValue | undefined {
    const inner = skipOuter(node);
    const v = omitKeys.length > 0 && ts.isObjectLiteralExpression(inner) ? this.object(inner, 0, omitKeys) : this.value(node, 0);
    this.check(node, v);
    return v === UNDEFINED ? undefined : v;
  }

  private unevaluated(node: ts.Node): Unevaluated {
    let text: string;
    try {
      text = node.getText();
    } catch {
      text = "";
    }
    if (text.length > MAX_TEXT) text = text.slice(0, MAX_TEXT - 1) + "…";
    return { $unevaluated: text };
  }

  private value(node: ts.Expression, depth: number): Value {
    if (depth > MAX_DEPTH) return this.unevaluated(node);
    switch (node.kind) {
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
        return (node as ts.StringLiteralLike).text;
      case ts.SyntaxKind.NumericLiteral:
        return Number((node as ts.NumericLiteral).text);
      case ts.SyntaxKind.TrueKeyword:
        return true;
      case ts.SyntaxKind.FalseKeyword:
        return false;
      case ts.SyntaxKind.NullKeyword:
        return null;
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.SatisfiesExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
        return this.value((node as ts.ParenthesizedExpression).expression, depth + 1);
      case ts.SyntaxKind.PrefixUnaryExpression:
        return this.prefix(node as ts.PrefixUnaryExpression, depth);
      case ts.SyntaxKind.ArrayLiteralExpression:
        return this.array(node as ts.ArrayLiteralExpression, depth);
      case ts.SyntaxKind.ObjectLiteralExpression:
        return this.object(node as ts.ObjectLiteralExpression, depth);
      case ts.SyntaxKind.TemplateExpression:
        return this.template(node as ts.TemplateExpression, depth);
      case ts.SyntaxKind.BinaryExpression:
        return this.binary(node as ts.BinaryExpression, depth);
      case ts.SyntaxKind.ConditionalExpression: {
        const c = node as ts.ConditionalExpression;
        const test = this.value(c.condition, depth + 1);
        if (isUnevaluatedValue(test) || isPlainObject(test) || Array.isArray(test)) return this.unevaluated(node);
        return this.value(truthy(test) ? c.whenTrue : c.whenFalse, depth + 1);
      }
      case ts.SyntaxKind.Identifier:
        return this.identifier(node as ts.Identifier, depth);
      case ts.SyntaxKind.PropertyAccessExpression: {
        const p = node as ts.PropertyAccessExpression;
        if (ts.isEnumDeclaration(this.declarationOf(p)?.parent ?? p)) return this.constant(p);
        return this.member(p, p.expression, p.name.text, depth);
      }
      case ts.SyntaxKind.ElementAccessExpression: {
        const e = node as ts.ElementAccessExpression;
        const key = this.value(e.argumentExpression, depth + 1);
        if (typeof key !== "string" && typeof key !== "number") return this.unevaluated(node);
        return this.member(e, e.expression, key, depth);
      }
      default:
        return this.unevaluated(node);
    }
  }

  /** A value that cannot be read is reported once, at the outermost expression that holds it. */
  private check(node: ts.Node, v: Value): void {
    if (isUnevaluatedValue(v) && !this.reported.has(v as object) && node.end > node.pos && node.getWidth() > 0) this.sink.unevaluated(node);
  }

  /** An unreadable value built from others: quiet when one of them was already reported at a helper's argument. */
  private derived(node: ts.Node, ...from: Value[]): Value {
    const v = this.unevaluated(node);
    if (from.some((f) => typeof f === "object" && f !== null && this.reported.has(f))) this.reported.add(v);
    return v;
  }

  private prefix(node: ts.PrefixUnaryExpression, depth: number): Value {
    const v = this.value(node.operand, depth + 1);
    if (typeof v === "number") {
      if (node.operator === ts.SyntaxKind.MinusToken) return -v;
      if (node.operator === ts.SyntaxKind.PlusToken) return v;
    }
    if (typeof v === "boolean" && node.operator === ts.SyntaxKind.ExclamationToken) return !v;
    return this.unevaluated(node);
  }

  private array(node: ts.ArrayLiteralExpression, depth: number): Value {
    const out: SpecValue[] = [];
    for (const element of node.elements) {
      if (ts.isSpreadElement(element)) {
        const v = this.value(element.expression, depth + 1);
        if (Array.isArray(v)) out.push(...v);
        else {
          out.push(this.unevaluated(element));
          this.check(element, this.unevaluated(element));
        }
      } else if (ts.isOmittedExpression(element)) {
        out.push(null);
      } else {
        const v = this.value(element, depth + 1);
        this.check(element, v);
        out.push(v === UNDEFINED ? null : v);
      }
    }
    return out;
  }

  private object(node: ts.ObjectLiteralExpression, depth: number, omitKeys: string[] = []): Value {
    const out: { [key: string]: SpecValue } = {};
    for (const property of node.properties) {
      if (property.name && ts.isIdentifier(property.name) && omitKeys.includes(property.name.text)) continue;
      if (ts.isSpreadAssignment(property)) {
        // Keys left out (a failover's sides) are left out of spread consts too.
        const literal = omitKeys.length > 0 ? constObjectLiteral(this.checker, property.expression) : undefined;
        const v = literal ? this.object(literal, depth + 1, omitKeys) : this.value(property.expression, depth + 1);
        if (isPlainObject(v)) Object.assign(out, v);
        else if (v !== UNDEFINED && v !== null) {
          out[`...${textOf(property.expression)}`] = this.unevaluated(property);
          this.check(property, out[`...${textOf(property.expression)}`]);
        }
        continue;
      }
      const key = this.propertyKey(property.name, depth);
      if (key === undefined) {
        this.check(property, this.unevaluated(property));
        continue;
      }
      let v: Value;
      if (ts.isPropertyAssignment(property)) {
        v = this.value(property.initializer, depth + 1);
        this.check(property.initializer, v);
        if (key === "mac" && typeof v === "string") this.sink.macAddress(property.initializer, v);
      } else if (ts.isShorthandPropertyAssignment(property)) {
        v = this.shorthand(property, depth);
        this.check(property.name, v);
        if (key === "mac" && typeof v === "string") this.sink.macAddress(property.name, v);
      } else {
        v = this.unevaluated(property);
        this.check(property, v);
      }
      if (v !== UNDEFINED) out[key] = v;
    }
    return out;
  }

  private propertyKey(name: ts.PropertyName | undefined, depth: number): string | undefined {
    if (!name) return undefined;
    if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isPrivateIdentifier(name)) return name.text;
    if (ts.isNumericLiteral(name)) return String(Number(name.text));
    if (ts.isComputedPropertyName(name)) {
      const v = this.value(name.expression, depth + 1);
      return typeof v === "string" || typeof v === "number" ? String(v) : undefined;
    }
    return undefined;
  }

  private shorthand(property: ts.ShorthandPropertyAssignment, depth: number): Value {
    const symbol = this.checker.getShorthandAssignmentValueSymbol(property);
    return this.symbolValue(symbol, property.name, depth);
  }

  private template(node: ts.TemplateExpression, depth: number): Value {
    let text = node.head.text;
    for (const span of node.templateSpans) {
      const v = this.value(span.expression, depth + 1);
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v === null) text += String(v);
      else return this.derived(node, v);
      text += span.literal.text;
    }
    return text;
  }

  private binary(node: ts.BinaryExpression, depth: number): Value {
    const op = node.operatorToken.kind;
    const arithmetic = [
      ts.SyntaxKind.PlusToken,
      ts.SyntaxKind.MinusToken,
      ts.SyntaxKind.AsteriskToken,
      ts.SyntaxKind.SlashToken,
    ];
    const logical = [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken];
    if (logical.includes(op)) return this.logical(node, depth);
    const comparison = [
      ts.SyntaxKind.EqualsEqualsEqualsToken,
      ts.SyntaxKind.ExclamationEqualsEqualsToken,
      ts.SyntaxKind.LessThanToken,
      ts.SyntaxKind.LessThanEqualsToken,
      ts.SyntaxKind.GreaterThanToken,
      ts.SyntaxKind.GreaterThanEqualsToken,
    ];
    if (comparison.includes(op)) return this.compare(node, depth);
    if (!arithmetic.includes(op)) return this.unevaluated(node);
    const left = this.value(node.left, depth + 1);
    const right = this.value(node.right, depth + 1);
    if (isUnevaluatedValue(left) || isUnevaluatedValue(right)) return this.derived(node, left, right);
    if (op === ts.SyntaxKind.PlusToken && (typeof left === "string" || typeof right === "string")) {
      if (isScalar(left) && isScalar(right)) return String(left) + String(right);
    }
    if (typeof left === "number" && typeof right === "number") {
      if (op === ts.SyntaxKind.PlusToken) return left + right;
      if (op === ts.SyntaxKind.MinusToken) return left - right;
      if (op === ts.SyntaxKind.AsteriskToken) return left * right;
      return left / right;
    }
    return this.unevaluated(node);
  }

  /** `a && b`, `a || b`, `a ?? b` on scalars, as at run time. */
  private logical(node: ts.BinaryExpression, depth: number): Value {
    const left = this.value(node.left, depth + 1);
    if (isUnevaluatedValue(left)) return this.unevaluated(node);
    const op = node.operatorToken.kind;
    const nullish = left === null || left === UNDEFINED;
    const takeLeft =
      op === ts.SyntaxKind.QuestionQuestionToken ? !nullish : op === ts.SyntaxKind.BarBarToken ? truthy(left) : !truthy(left);
    return takeLeft ? left : this.value(node.right, depth + 1);
  }

  /** `===`, `!==`, `<`… on scalars; anything else cannot be compared without running it. */
  private compare(node: ts.BinaryExpression, depth: number): Value {
    const left = this.value(node.left, depth + 1);
    const right = this.value(node.right, depth + 1);
    const scalar = (v: Value) => v === UNDEFINED || isScalar(v);
    if (!scalar(left) || !scalar(right)) return this.unevaluated(node);
    const l = left === UNDEFINED ? undefined : left;
    const r = right === UNDEFINED ? undefined : right;
    switch (node.operatorToken.kind) {
      case ts.SyntaxKind.EqualsEqualsEqualsToken:
        return l === r;
      case ts.SyntaxKind.ExclamationEqualsEqualsToken:
        return l !== r;
    }
    if (typeof l !== typeof r || (typeof l !== "number" && typeof l !== "string")) return this.unevaluated(node);
    const [a, b] = [l as number | string, r as number | string];
    switch (node.operatorToken.kind) {
      case ts.SyntaxKind.LessThanToken:
        return a < b;
      case ts.SyntaxKind.LessThanEqualsToken:
        return a <= b;
      case ts.SyntaxKind.GreaterThanToken:
        return a > b;
      default:
        return a >= b;
    }
  }

  private identifier(node: ts.Identifier, depth: number): Value {
    if (node.text === "undefined") return UNDEFINED;
    if (node.text === "NaN" || node.text === "Infinity") return this.unevaluated(node);
    return this.symbolValue(this.checker.getSymbolAtLocation(node), node, depth);
  }

  private declarationOf(node: ts.Node): ts.Declaration | undefined {
    let symbol = this.checker.getSymbolAtLocation(node);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = safeAliased(this.checker, symbol);
    return symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  }

  private constant(node: ts.PropertyAccessExpression): Value {
    const declaration = this.declarationOf(node);
    if (declaration && ts.isEnumMember(declaration)) {
      const v = this.checker.getConstantValue(declaration);
      if (v !== undefined) return v;
    }
    return this.unevaluated(node);
  }

  private symbolValue(symbol: ts.Symbol | undefined, at: ts.Node, depth: number): Value {
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = safeAliased(this.checker, symbol);
    const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!declaration) return this.unevaluated(at);
    if (ts.isParameter(declaration)) return this.parameter(declaration, at, depth);
    if (ts.isEnumMember(declaration)) {
      const v = this.checker.getConstantValue(declaration);
      return v === undefined ? this.unevaluated(at) : v;
    }
    if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) return this.unevaluated(at);
    if (!(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return this.unevaluated(at);
    // A const inside a helper has a value per call: only top-level ones are kept.
    const memoized = !insideFunction(declaration);
    if (memoized && this.memo.has(declaration)) return this.memo.get(declaration)!;
    if (this.visiting.has(declaration)) return this.unevaluated(at);
    this.visiting.add(declaration);
    let v: Value;
    try {
      v = this.value(declaration.initializer, depth + 1);
    } finally {
      this.visiting.delete(declaration);
    }
    if (memoized) this.memo.set(declaration, v);
    return v;
  }

  /**
   * A helper's parameter: the argument written at the call being read. When that argument cannot
   * be read, it is reported there, where the user can change it, and not again inside the helper.
   */
  private parameter(declaration: ts.ParameterDeclaration, at: ts.Node, depth: number): Value {
    const binding = this.scope?.lookup(declaration);
    if (!binding) return this.unevaluated(at);
    const v = this.within(binding.scope, () => this.value(binding.expression, depth + 1));
    if (!isUnevaluatedValue(v)) return v;
    this.check(binding.expression, v);
    const quiet = { ...(v as Unevaluated) };
    this.reported.add(quiet);
    return quiet;
  }

  private member(node: ts.Expression, object: ts.Expression, key: string | number, depth: number): Value {
    const o = this.value(object, depth + 1);
    if (Array.isArray(o)) {
      if (key === "length") return o.length;
      const i = typeof key === "number" ? key : Number(key);
      return Number.isInteger(i) && i >= 0 && i < o.length ? o[i] : UNDEFINED;
    }
    if (isPlainObject(o)) return Object.prototype.hasOwnProperty.call(o, String(key)) ? o[String(key)] : UNDEFINED;
    if (typeof o === "string" && key === "length") return o.length;
    return this.unevaluated(node);
  }
}

export function safeAliased(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol | undefined {
  try {
    return checker.getAliasedSymbol(symbol);
  } catch {
    return undefined;
  }
}

function truthy(v: Value): boolean {
  return v !== UNDEFINED && Boolean(v);
}

function isUnevaluatedValue(v: Value): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "$unevaluated" in v;
}

function isPlainObject(v: Value): v is { [key: string]: SpecValue } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !("$unevaluated" in v);
}

function isScalar(v: Value): v is string | number | boolean | null {
  return v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";
}

function textOf(node: ts.Node): string {
  try {
    return node.getText();
  } catch {
    return "";
  }
}

/**
 * The object literal an expression denotes, following references to consts (across files), or
 * undefined. A failover's sides written through a spread (`{ name, ...sides }`) are read from it.
 */
export function constObjectLiteral(checker: ts.TypeChecker, expression: ts.Expression, depth = 0): ts.ObjectLiteralExpression | undefined {
  const e = skipOuter(expression);
  if (ts.isObjectLiteralExpression(e)) return e;
  if (!ts.isIdentifier(e) || depth > MAX_DEPTH) return undefined;
  let symbol = checker.getSymbolAtLocation(e);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = safeAliased(checker, symbol);
  const declaration = symbol?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  if (!(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return undefined;
  return constObjectLiteral(checker, declaration.initializer, depth + 1);
}

/** The expression an object literal gives to `key`, the last one winning as at run time, spreads of consts included. */
export function propertyExpression(checker: ts.TypeChecker, literal: ts.ObjectLiteralExpression, key: string, depth = 0): ts.Expression | undefined {
  for (const property of [...literal.properties].reverse()) {
    if (ts.isSpreadAssignment(property)) {
      const inner = depth <= MAX_DEPTH ? constObjectLiteral(checker, property.expression) : undefined;
      const found = inner && propertyExpression(checker, inner, key, depth + 1);
      if (found) return found;
      continue;
    }
    if (!property.name || !ts.isIdentifier(property.name) || property.name.text !== key) continue;
    if (ts.isPropertyAssignment(property)) return property.initializer;
    if (ts.isShorthandPropertyAssignment(property)) return property.name;
    return undefined;
  }
  return undefined;
}
