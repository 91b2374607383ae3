import type { Range, SourceLocation } from "./source";

/** Stable codes of the checker's own diagnostics; TypeScript's are `TS<number>`. */
export const DiagnosticCode = {
  /** The file could not be read, or the checker failed on it. */
  Unreadable: "HARMONY1000",
  CapabilityNotProvided: "HARMONY1001",
  NoFailoverStrategy: "HARMONY1002",
  FailoverSideLacks: "HARMONY1003",
  /** The capabilities match, but the deploy planner cannot plan the deployment (yet). */
  CannotDeploy: "HARMONY1004",
  DuplicateName: "HARMONY1101",
  /** Info: a very large file is checked with the library's capability tables, not a full type check. */
  LargeFile: "HARMONY1100",
  NotStaticallyEvaluable: "HARMONY1102",
  InvalidMacAddress: "HARMONY1201",
  /** Warning, from a cluster's state: a desired bond takes the NIC the node reaches the cluster through. */
  LockoutRisk: "HARMONY1301",
} as const;
export type HarmonyDiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

export type Severity = "error" | "warning" | "info";

export interface RelatedInformation {
  location: SourceLocation;
  message: string;
}

/** One problem in a topology file. */
export interface TopologyDiagnostic {
  /** `HARMONY1001`… or `TS2345`… */
  code: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  related: RelatedInformation[];
  /** Id of the deployment, topology or score the diagnostic is about, when there is one. */
  subject?: string;
}

/** Where each diagnostic code is documented. */
export function diagnosticDocsAnchor(code: string): string {
  return `docs/diagnostics.md#${code.toLowerCase()}`;
}
