import ts from "typescript";
import { type CodeAction, CodeActionKind, type Diagnostic, type TextEdit, type WorkspaceEdit } from "vscode-languageserver/node";
import { CapabilityReader, type DeploymentFacts, type DetailedAnalysis } from "../analyzer";
import { DiagnosticCode, type Capability } from "../../shared/model";
import { pathToUri, spanToRange } from "./convert";

const CAPABILITY_CODES: string[] = [
  DiagnosticCode.CapabilityNotProvided,
  DiagnosticCode.NoFailoverStrategy,
  DiagnosticCode.FailoverSideLacks,
];

interface InScope {
  name: string;
  provides: Capability[];
}

/** Topology consts and imports usable at `position`: declared before it, with what they provide. */
function topologiesInScope(analysis: DetailedAnalysis, libraryIndex: string, position: number): InScope[] {
  const { program, sourceFile, model } = analysis;
  if (!program || !sourceFile) return [];
  const checker = program.getTypeChecker();
  const reader = new CapabilityReader(checker, libraryIndex);
  reader.order = model.capabilities.map((c) => c.name);
  const out: InScope[] = [];
  const add = (name: ts.Identifier) => {
    let symbol = checker.getSymbolAtLocation(name);
    if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    if (!symbol) return;
    const provides = reader.provided(checker.getTypeOfSymbol(symbol));
    if (provides) out.push({ name: name.text, provides });
  };
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement)) {
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) for (const e of bindings.elements) if (!e.isTypeOnly) add(e.name);
    } else if (ts.isVariableStatement(statement) && statement.end <= position) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) add(d.name);
    }
  }
  return out;
}

function edit(uri: string, edits: TextEdit[]): WorkspaceEdit {
  return { changes: { [uri]: edits } };
}

function deploymentOf(analysis: DetailedAnalysis, diagnostic: Diagnostic): DeploymentFacts | undefined {
  const subject = (diagnostic.data as { subject?: string } | undefined)?.subject;
  return analysis.facts?.deployments.find(
    (d) =>
      d.deployment.id === subject ||
      (d.deployment.scoreArgument?.range.start.line === diagnostic.range.start.line &&
        d.deployment.scoreArgument?.range.start.character === diagnostic.range.start.character),
  );
}

/** Quick fixes for HARMONY1001–1003: deploy elsewhere, swap the lacking failover side or multisite site, remove the deployment. */
export function harmonyQuickFixes(
  analysis: DetailedAnalysis,
  libraryIndex: string,
  uri: string,
  diagnostic: Diagnostic,
): CodeAction[] {
  const { sourceFile, facts } = analysis;
  if (!sourceFile || !facts || !CAPABILITY_CODES.includes(String(diagnostic.code))) return [];
  const d = deploymentOf(analysis, diagnostic);
  if (!d) return [];
  const actions: CodeAction[] = [];
  const required = d.scoreTypes?.requires ?? [];
  const topologyArgument = d.call.arguments[0];
  const scoreName = d.deployment.score ? facts.scores.get(d.deployment.score)?.score.name : undefined;

  // 1. Deploy to a topology in scope that provides everything the score requires.
  if (topologyArgument) {
    const current = topologyArgument.getText(sourceFile);
    for (const candidate of topologiesInScope(analysis, libraryIndex, d.call.getStart(sourceFile))) {
      if (candidate.name === current || !required.every((c) => candidate.provides.includes(c))) continue;
      actions.push({
        title: `Deploy ${scoreName ? `"${scoreName}"` : "the score"} to ${candidate.name} (provides ${required.join(", ")})`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: edit(uri, [{ range: spanToRange(sourceFile, topologyArgument.getStart(sourceFile), topologyArgument.getWidth(sourceFile)), newText: candidate.name }]),
      });
      if (actions.length >= 5) break;
    }
  }

  // 2. Swap the failover side that lacks the capability for one in scope that has it.
  const sides = d.topologyTypes?.sides;
  const failover = d.deployment.topology ? facts.topologies.get(d.deployment.topology) : undefined;
  if (String(diagnostic.code) === DiagnosticCode.FailoverSideLacks && sides && failover && failover.node.getSourceFile() === sourceFile) {
    const capability = d.deployment.missing.find((c) => (sides.primary?.includes(c) ?? false) !== (sides.replica?.includes(c) ?? false));
    const spec = (failover.node as ts.CallExpression).arguments?.[0];
    if (capability && spec && ts.isObjectLiteralExpression(spec)) {
      const lacking = sides.primary?.includes(capability) ? "replica" : "primary";
      const property = spec.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === lacking);
      const sideTexts = spec.properties
        .filter((p) => p.name && ts.isIdentifier(p.name) && (p.name.text === "primary" || p.name.text === "replica"))
        .map((p) => (ts.isPropertyAssignment(p) ? p.initializer.getText(sourceFile) : p.name!.getText(sourceFile)));
      if (property) {
        const target = ts.isPropertyAssignment(property) ? property.initializer : property;
        for (const candidate of topologiesInScope(analysis, libraryIndex, failover.node.getStart(sourceFile))) {
          if (sideTexts.includes(candidate.name) || !candidate.provides.includes(capability)) continue;
          const newText = ts.isPropertyAssignment(property) ? candidate.name : `${lacking}: ${candidate.name}`;
          actions.push({
            title: `Use ${candidate.name} as the ${lacking} of "${failover.topology.name}" (provides ${capability})`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: edit(uri, [{ range: spanToRange(sourceFile, target.getStart(sourceFile), target.getWidth(sourceFile)), newText }]),
          });
          if (actions.length >= 8) break;
        }
      }
    }
  }

  // 2b. Replace a multisite's site that lacks the capability, or drop it when enough sites remain.
  actions.push(...siteFixes(analysis, libraryIndex, uri, diagnostic, d));

  // 3. Remove the deployment: its whole statement, as whole lines.
  const statement = d.statement;
  if (statement && (ts.isExpressionStatement(statement) || (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1))) {
    const text = sourceFile.text;
    const start = statement.getStart(sourceFile);
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    let end = statement.end;
    const newline = text.indexOf("\n", end);
    if (newline >= 0 && text.slice(end, newline).trim() === "") end = newline + 1;
    else if (newline < 0 && text.slice(end).trim() === "") end = text.length;
    const from = text.slice(lineStart, start).trim() === "" ? lineStart : start;
    actions.push({
      title: `Remove deployment ${d.deployment.constName ?? d.deployment.id}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: edit(uri, [{ range: spanToRange(sourceFile, from, end - from), newText: "" }]),
    });
  }
  if (actions.length > 0) actions[0].isPreferred = true;
  return actions;
}

/** TypeScript's own fixes (add a missing import…) for a TS diagnostic. */
export function typescriptQuickFixes(
  service: ts.LanguageService,
  analysis: DetailedAnalysis,
  diagnostic: Diagnostic,
): CodeAction[] {
  const { sourceFile, program } = analysis;
  const code = Number(String(diagnostic.code).replace(/^TS/, ""));
  if (!sourceFile || !program || !String(diagnostic.code).startsWith("TS") || !Number.isFinite(code)) return [];
  const start = sourceFile.getPositionOfLineAndCharacter(diagnostic.range.start.line, diagnostic.range.start.character);
  const end = sourceFile.getPositionOfLineAndCharacter(diagnostic.range.end.line, diagnostic.range.end.character);
  let fixes: readonly ts.CodeFixAction[];
  try {
    fixes = service.getCodeFixesAtPosition(sourceFile.fileName, start, end, [code], {}, {});
  } catch {
    return [];
  }
  return fixes.map((fix) => {
    const changes: { [uri: string]: TextEdit[] } = {};
    for (const change of fix.changes) {
      const file = program.getSourceFile(change.fileName);
      if (!file) continue;
      changes[pathToUri(change.fileName)] = change.textChanges.map((c) => ({
        range: spanToRange(file, c.span.start, c.span.length),
        newText: c.newText,
      }));
    }
    return { title: fix.description, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes } };
  });
}

/** For a multisite some of whose sites lack the capability: use a topology in scope there instead, or remove the site. */
function siteFixes(analysis: DetailedAnalysis, libraryIndex: string, uri: string, diagnostic: Diagnostic, d: DeploymentFacts): CodeAction[] {
  const { sourceFile, facts } = analysis;
  const sites = d.topologyTypes?.sites;
  const multisite = d.deployment.topology ? facts?.topologies.get(d.deployment.topology) : undefined;
  if (!sourceFile || !sites || !multisite || multisite.topology.kind !== "multisite" || multisite.node.getSourceFile() !== sourceFile) return [];
  if (String(diagnostic.code) !== DiagnosticCode.FailoverSideLacks) return [];
  const spec = (multisite.node as ts.CallExpression).arguments?.[0];
  const property = spec && ts.isObjectLiteralExpression(spec) ? spec.properties.find((p) => p.name && ts.isIdentifier(p.name) && p.name.text === "sites") : undefined;
  const list = property && ts.isPropertyAssignment(property) && ts.isArrayLiteralExpression(property.initializer) ? property.initializer : undefined;
  const capability = d.deployment.missing.find((c) => sites.some((s) => s?.includes(c)));
  if (!list || !capability) return [];
  const out: CodeAction[] = [];
  const texts = list.elements.map((e) => e.getText(sourceFile));
  list.elements.forEach((element, i) => {
    if (sites[i]?.includes(capability) !== false) return;
    for (const candidate of topologiesInScope(analysis, libraryIndex, multisite.node.getStart(sourceFile))) {
      if (texts.includes(candidate.name) || !candidate.provides.includes(capability)) continue;
      out.push({
        title: `Use ${candidate.name} as site ${i + 1} of "${multisite.topology.name}" (provides ${capability})`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: edit(uri, [{ range: spanToRange(sourceFile, element.getStart(sourceFile), element.getWidth(sourceFile)), newText: candidate.name }]),
      });
      if (out.length >= 4) break;
    }
    if (list.elements.length > 2) {
      // The element and the separator after it (before it, for the last one).
      const last = i === list.elements.length - 1;
      const from = last ? list.elements[i - 1].getEnd() : element.getStart(sourceFile);
      const to = last ? element.getEnd() : list.elements[i + 1].getStart(sourceFile);
      out.push({
        title: `Remove site ${i + 1} (${texts[i]}) from "${multisite.topology.name}"`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: edit(uri, [{ range: spanToRange(sourceFile, from, to - from), newText: "" }]),
      });
    }
  });
  return out;
}
