import * as path from "node:path";
import { analyzeFiles, type Analysis } from "../../../language/analyzer";
import type { TopologyDiagnostic } from "../../../shared/model";

export const fixtures = path.resolve(__dirname, "..", "..", "fixtures", "language");

export function fixture(name: string): string {
  return path.join(fixtures, name).replace(/\\/g, "/");
}

/** Analyses one fixture on its own (its own program, so declaration merging stays local). */
export function analyzeFixture(name: string): Analysis {
  const file = fixture(name);
  return analyzeFiles([file]).get(file)!;
}

export function codes(diagnostics: TopologyDiagnostic[]): string[] {
  return diagnostics.map((d) => d.code);
}

export function only(diagnostics: TopologyDiagnostic[], code: string): TopologyDiagnostic[] {
  return diagnostics.filter((d) => d.code === code);
}
