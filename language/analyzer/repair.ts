import ts from "typescript";

// A line that starts a new top-level declaration, at column 0.
const DECLARATION = /^(export\s|const\s|let\s|var\s|import\s|declare\s|function\s|async\s+function\s|type\s|interface\s|deploy\s*\()/;

/**
 * While a statement is being typed (`address: ` with nothing after it yet) the parser often
 * swallows every declaration below into it. This blanks such a statement up to the next line that
 * starts a top-level declaration, keeping every offset and line, so the declarations after it
 * read again. Returns undefined when there is nothing to repair.
 */
export function repairSwallowed(text: string): { text: string; blanked: [number, number][] } | undefined {
  let current = text;
  const blanked: [number, number][] = [];
  for (let round = 0; round < 8; round++) {
    const file = ts.createSourceFile("repair.ts", current, ts.ScriptTarget.ES2022, true);
    const errors = (file as unknown as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
    let repaired: string | undefined;
    for (const error of errors) {
      const at = error.start ?? 0;
      const statement = file.statements.find((s) => at >= s.getFullStart() && at < s.end);
      if (!statement) continue;
      const next = nextDeclarationLine(current, statement.getStart(file), statement.end);
      if (next === undefined) continue;
      repaired = blank(current, statement.getStart(file), next);
      blanked.push([statement.getStart(file), next]);
      break;
    }
    if (repaired === undefined) break;
    current = repaired;
  }
  return current === text ? undefined : { text: current, blanked };
}

/** Offset of the first line after `from`'s line and before `to` that starts a declaration. */
function nextDeclarationLine(text: string, from: number, to: number): number | undefined {
  let i = text.indexOf("\n", from);
  while (i >= 0 && i < to) {
    const line = i + 1;
    if (DECLARATION.test(text.slice(line, line + 40))) return line;
    i = text.indexOf("\n", line);
  }
  return undefined;
}

function blank(text: string, from: number, to: number): string {
  return text.slice(0, from) + text.slice(from, to).replace(/[^\n\r]/g, " ") + text.slice(to);
}
