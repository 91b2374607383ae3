import ts from "typescript";
import {
  type CompletionItem,
  CompletionItemKind,
  type CompletionList,
  type Hover,
  type Location,
  MarkupKind,
  type SignatureHelp,
} from "vscode-languageserver/node";
import type { TopologyModel } from "../../shared/model";
import { pathToUri, spanToRange } from "./convert";

// Completion, hover, signature help and go-to-definition come from TypeScript's LanguageService
// over the same program the checker uses, so the library's TSDoc and other topology files work.

const KIND: Record<string, CompletionItemKind> = {
  [ts.ScriptElementKind.functionElement]: CompletionItemKind.Function,
  [ts.ScriptElementKind.constElement]: CompletionItemKind.Constant,
  [ts.ScriptElementKind.letElement]: CompletionItemKind.Variable,
  [ts.ScriptElementKind.variableElement]: CompletionItemKind.Variable,
  [ts.ScriptElementKind.interfaceElement]: CompletionItemKind.Interface,
  [ts.ScriptElementKind.typeElement]: CompletionItemKind.TypeParameter,
  [ts.ScriptElementKind.memberVariableElement]: CompletionItemKind.Field,
  [ts.ScriptElementKind.memberFunctionElement]: CompletionItemKind.Method,
  [ts.ScriptElementKind.keyword]: CompletionItemKind.Keyword,
  [ts.ScriptElementKind.moduleElement]: CompletionItemKind.Module,
  [ts.ScriptElementKind.alias]: CompletionItemKind.Reference,
  [ts.ScriptElementKind.string]: CompletionItemKind.Value,
};

export interface CompletionData {
  file: string;
  offset: number;
  name: string;
  source?: string;
  data?: ts.CompletionEntryData;
}

export function completions(service: ts.LanguageService, file: string, offset: number): CompletionList {
  let info: ts.CompletionInfo | undefined;
  try {
    info = service.getCompletionsAtPosition(file, offset, {
      includeCompletionsForModuleExports: true,
      includeCompletionsWithInsertText: true,
      includeCompletionsWithSnippetText: false,
    });
  } catch {
    info = undefined;
  }
  if (!info) return { isIncomplete: false, items: [] };
  const items: CompletionItem[] = info.entries.slice(0, 500).map((e) => ({
    label: e.name,
    kind: KIND[e.kind] ?? CompletionItemKind.Text,
    sortText: e.sortText,
    ...(e.insertText ? { insertText: e.insertText } : {}),
    ...(e.source ? { detail: e.source } : {}),
    data: { file, offset, name: e.name, source: e.source, data: e.data } satisfies CompletionData,
  }));
  return { isIncomplete: info.isIncomplete ?? false, items };
}

export function resolveCompletion(service: ts.LanguageService, item: CompletionItem): CompletionItem {
  const d = item.data as CompletionData | undefined;
  if (!d) return item;
  try {
    const details = service.getCompletionEntryDetails(d.file, d.offset, d.name, {}, d.source, {}, d.data);
    if (!details) return item;
    item.detail = ts.displayPartsToString(details.displayParts);
    const doc = documentation(details.documentation, details.tags);
    if (doc) item.documentation = { kind: MarkupKind.Markdown, value: doc };
  } catch {
    // keep the item as it is
  }
  return item;
}

function documentation(parts: ts.SymbolDisplayPart[] | undefined, tags: ts.JSDocTagInfo[] | undefined): string {
  const text = ts.displayPartsToString(parts);
  const tagText = (tags ?? []).map((t) => {
    const body = ts.displayPartsToString(t.text);
    if (t.name === "example") return `*@example*\n\`\`\`ts\n${body}\n\`\`\``;
    return `*@${t.name}* ${body}`;
  });
  return [text, ...tagText].filter(Boolean).join("\n\n");
}

/** TypeScript's quick info, plus what Harmony knows of a topology, score or deployment there. */
export function hover(service: ts.LanguageService, file: ts.SourceFile, offset: number, model?: TopologyModel): Hover | null {
  let info: ts.QuickInfo | undefined;
  try {
    info = service.getQuickInfoAtPosition(file.fileName, offset);
  } catch {
    info = undefined;
  }
  if (!info) return null;
  const sections = ["```typescript\n" + ts.displayPartsToString(info.displayParts) + "\n```"];
  const doc = documentation(info.documentation, info.tags);
  if (doc) sections.push(doc);
  const extra = model && harmonyHover(model, file, info.textSpan.start);
  if (extra) sections.push(extra);
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join("\n\n---\n\n") },
    range: spanToRange(file, info.textSpan.start, info.textSpan.length),
  };
}

function harmonyHover(model: TopologyModel, file: ts.SourceFile, offset: number): string | undefined {
  const { line, character } = file.getLineAndCharacterOfPosition(offset);
  const at = (r: { start: { line: number; character: number } }) => r.start.line === line && r.start.character === character;
  const t = model.topologies.find((x) => !x.external && at(x.nameLocation.range));
  if (t) return `**Harmony topology** \`${t.name}\` (${t.kind}) provides ${t.capabilities.map((c) => `\`${c}\``).join(", ") || "nothing"}`;
  const s = model.scores.find((x) => !x.external && at(x.nameLocation.range));
  if (s) return `**Harmony score** \`${s.name}\` (${s.kind}) requires ${s.requires.map((c) => `\`${c}\``).join(", ") || "nothing"}`;
  const d = model.deployments.find((x) => at(x.nameLocation.range));
  if (d) {
    return d.missing.length
      ? `**Harmony deployment** — the topology lacks ${d.missing.map((c) => `\`${c}\``).join(", ")}`
      : `**Harmony deployment** — the topology provides everything the score requires`;
  }
  return undefined;
}

export function signatureHelp(service: ts.LanguageService, file: string, offset: number): SignatureHelp | null {
  let items: ts.SignatureHelpItems | undefined;
  try {
    items = service.getSignatureHelpItems(file, offset, {});
  } catch {
    items = undefined;
  }
  if (!items) return null;
  return {
    activeSignature: items.selectedItemIndex,
    activeParameter: items.argumentIndex,
    signatures: items.items.map((item) => ({
      label:
        ts.displayPartsToString(item.prefixDisplayParts) +
        item.parameters.map((p) => ts.displayPartsToString(p.displayParts)).join(ts.displayPartsToString(item.separatorDisplayParts)) +
        ts.displayPartsToString(item.suffixDisplayParts),
      documentation: { kind: MarkupKind.Markdown, value: documentation(item.documentation, item.tags) },
      parameters: item.parameters.map((p) => ({
        label: ts.displayPartsToString(p.displayParts),
        documentation: ts.displayPartsToString(p.documentation),
      })),
    })),
  };
}

export function definition(service: ts.LanguageService, program: ts.Program | undefined, file: string, offset: number): Location[] {
  let defs: readonly ts.DefinitionInfo[] | undefined;
  try {
    defs = service.getDefinitionAtPosition(file, offset);
  } catch {
    defs = undefined;
  }
  const out: Location[] = [];
  for (const d of defs ?? []) {
    const target = program?.getSourceFile(d.fileName);
    if (!target) continue;
    out.push({ uri: pathToUri(d.fileName), range: spanToRange(target, d.textSpan.start, d.textSpan.length) });
  }
  return out;
}
