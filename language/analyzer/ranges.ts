import ts from "typescript";
import type { Range, SourceLocation } from "../../shared/model";

/** The zero-based LSP range of a node (from its first token, not its leading trivia). */
export function rangeOf(node: ts.Node, file: ts.SourceFile = node.getSourceFile()): Range {
  return spanRange(file, node.getStart(file), node.getEnd());
}

export function spanRange(file: ts.SourceFile, start: number, end: number): Range {
  const s = file.getLineAndCharacterOfPosition(Math.max(0, Math.min(start, file.text.length)));
  const e = file.getLineAndCharacterOfPosition(Math.max(0, Math.min(end, file.text.length)));
  return { start: { line: s.line, character: s.character }, end: { line: e.line, character: e.character } };
}

export function locationOf(node: ts.Node): SourceLocation {
  const file = node.getSourceFile();
  return { file: file.fileName, range: rangeOf(node, file) };
}
