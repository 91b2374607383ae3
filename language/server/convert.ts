import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import {
  type Diagnostic,
  DiagnosticSeverity,
  type DiagnosticRelatedInformation,
  type Range as LspRange,
} from "vscode-languageserver/node";
import { type Range, type TopologyDiagnostic, diagnosticDocsAnchor } from "../../shared/model";

/** `file:///a/b.topology.ts` -> `/a/b.topology.ts` (TypeScript's `/`-separated form). */
export function uriToPath(uri: string): string {
  try {
    return fileURLToPath(uri).replace(/\\/g, "/");
  } catch {
    return uri;
  }
}

export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/**
 * Where the diagnostics doc lives: beside the extension (`<extension>/docs/diagnostics.md`), the
 * extension being the folder above `dist/library`.
 */
export function docsHref(code: string, libraryPath: string | undefined): string | undefined {
  if (!code.startsWith("HARMONY")) return undefined;
  const anchor = diagnosticDocsAnchor(code); // docs/diagnostics.md#harmony1001
  if (!libraryPath) return undefined;
  const root = path.resolve(libraryPath, "..", "..");
  const [file, fragment] = anchor.split("#");
  return `${pathToFileURL(path.join(root, file)).href}#${fragment}`;
}

/** A TopologyDiagnostic as LSP sends it: severity, code, link to the docs, related places. */
export function toLspDiagnostic(d: TopologyDiagnostic, libraryPath?: string): Diagnostic {
  const href = docsHref(d.code, libraryPath);
  const related: DiagnosticRelatedInformation[] = d.related.map((r) => ({
    location: { uri: pathToUri(r.location.file), range: r.location.range },
    message: r.message,
  }));
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    ...(href ? { codeDescription: { href } } : {}),
    source: d.code.startsWith("TS") ? "ts" : "harmony",
    message: d.message,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    data: { subject: d.subject },
  };
}

/** The LSP range of a TypeScript text span in a source file. */
export function spanToRange(file: ts.SourceFile, start: number, length: number): LspRange {
  const s = file.getLineAndCharacterOfPosition(start);
  const e = file.getLineAndCharacterOfPosition(start + length);
  return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

/** Offset of a zero-based position in a text. */
export function offsetAt(text: string, line: number, character: number): number {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + character, text.length);
}
