import ts from "typescript";

/**
 * Strips what does not change a value — parentheses, `as`, `satisfies`, `!` and `<T>x` — so the
 * checker, the evaluator and the edit planner all see the same expression behind the same text.
 */
export function skipOuter(e: ts.Expression): ts.Expression {
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isNonNullExpression(e) ||
    ts.isTypeAssertionExpression(e)
  ) {
    e = e.expression;
  }
  return e;
}
