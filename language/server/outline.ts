import { type CodeLens, type DocumentSymbol, SymbolKind } from "vscode-languageserver/node";
import { deployBlocker, indexModel, type Range, type SourceLocation, type TopologyModel } from "../../shared/model";

/** The commands each deployment's CodeLens runs, with the file's uri and the deployment's name. */
export const DEPLOYMENT_COMMANDS = [
  { title: "Preview plan", command: "harmony.previewPlan" },
  { title: "Deploy", command: "harmony.deploy" },
  { title: "Open in designer", command: "harmony.openDesigner" },
] as const;

function span(location: SourceLocation, name: SourceLocation): Range {
  const a = name.range.start;
  const b = location.range.start;
  const start = a.line < b.line || (a.line === b.line && a.character <= b.character) ? a : b;
  const c = name.range.end;
  const d = location.range.end;
  const end = c.line > d.line || (c.line === d.line && c.character >= d.character) ? c : d;
  return { start, end };
}

/** The outline: topologies (failover sides and multisite sites nested), scores and deployments declared in the file. */
export function documentSymbols(model: TopologyModel): DocumentSymbol[] {
  const local = (x: { external?: boolean; location: SourceLocation }) => !x.external && x.location.file === model.file;
  const topologies = new Map(model.topologies.filter(local).map((t) => [t.id, t]));
  const symbolOf = (id: string, seen: Set<string>): DocumentSymbol | undefined => {
    const t = topologies.get(id);
    if (!t || seen.has(id)) return undefined;
    seen.add(id);
    const children = [t.primary, t.replica, ...(t.sites ?? [])]
      .filter((side): side is string => !!side && topologies.get(side)?.owner === id)
      .map((side) => symbolOf(side, seen))
      .filter((s): s is DocumentSymbol => !!s);
    return {
      name: t.constName ?? t.name,
      detail: `${t.kind} "${t.name}" — provides ${t.capabilities.join(", ") || "nothing"}`,
      kind: t.kind === "failover" || t.kind === "multisite" ? SymbolKind.Namespace : SymbolKind.Module,
      range: span(t.location, t.nameLocation),
      selectionRange: t.nameLocation.range,
      children,
    };
  };
  const out: DocumentSymbol[] = [];
  const seen = new Set<string>();
  for (const t of topologies.values()) {
    if (t.inline) continue; // nested under its owner
    const s = symbolOf(t.id, seen);
    if (s) out.push(s);
  }
  for (const s of model.scores.filter(local)) {
    if (s.inline) continue;
    out.push({
      name: s.constName ?? s.name,
      detail: `${s.kind} "${s.name}" — requires ${s.requires.join(", ") || "nothing"}`,
      kind: SymbolKind.Object,
      range: span(s.location, s.nameLocation),
      selectionRange: s.nameLocation.range,
    });
  }
  for (const d of model.deployments) {
    const score = model.scores.find((s) => s.id === d.score);
    const topology = model.topologies.find((t) => t.id === d.topology);
    out.push({
      name: d.constName ?? d.id,
      detail: `deploy ${score?.name ?? "?"} to ${topology?.name ?? "?"}${d.missing.length ? ` — missing ${d.missing.join(", ")}` : ""}`,
      kind: SymbolKind.Event,
      range: span(d.location, d.nameLocation),
      selectionRange: d.nameLocation.range,
    });
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** Shown above a deployment of host bonds: the bonds' diff against the nodes' current state. */
export const BOND_DIFF_COMMAND = { title: "Show bond diff", command: "harmony.showBondDiff" } as const;

/**
 * Preview plan · Deploy · Open in designer (· Show bond diff for host bonds), above each deployment;
 * only "Open in designer" (and the bond diff) where the planner cannot plan it (HARMONY1004 says why).
 */
export function deploymentLenses(model: TopologyModel, uri: string): CodeLens[] {
  const scoreKind = new Map(model.scores.map((s) => [s.id, s.kind]));
  const index = indexModel(model);
  return model.deployments.flatMap((d) => {
    const plannable = !deployBlocker(model, d, index);
    const commands: { title: string; command: string }[] = DEPLOYMENT_COMMANDS.filter((c) => plannable || c.command === "harmony.openDesigner");
    if (d.score && scoreKind.get(d.score) === "hostBonds") commands.push(BOND_DIFF_COMMAND);
    return commands.map(({ title, command }) => ({
      range: d.nameLocation.range,
      command: { title, command, arguments: [uri, d.id] },
    }));
  });
}
