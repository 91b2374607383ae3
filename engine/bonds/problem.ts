/** Something the bond differ could not do or doubts, for one host or for the whole deployment. */
export interface BondProblem {
  severity: "error" | "warning";
  message: string;
  /** The topology host it is about; none for deployment-wide problems. */
  host?: string;
  /** A stable diagnostic code when there is one, e.g. `HARMONY1201`. */
  code?: string;
}

export function hasErrors(problems: readonly BondProblem[]): boolean {
  return problems.some((p) => p.severity === "error");
}
