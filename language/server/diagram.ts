// The picture of a file's changes for Compare Diagram with…: the older text is analysed in a
// workspace of its own, at the file's path (so its imports resolve as now), then drawn with the
// renderer `harmony diagram --diff` uses.
import { TopologyWorkspace } from "../analyzer";
import { diffSvg, themes } from "../../shared/diagram";
import { diffModels } from "../../shared/diagram/diff";
import type { DiagramDiffParams, DiagramDiffResult, ModelResult } from "../../shared/protocol/lsp";
import { uriToPath } from "./convert";

export async function diagramDiff(current: ModelResult, params: DiagramDiffParams, libraryPath: string | undefined): Promise<DiagramDiffResult> {
  const file = uriToPath(params.uri);
  const older = new TopologyWorkspace({ libraryPath });
  older.setDocument(file, params.before.text);
  const before = older.analyze(file);
  const diff = diffModels(before.model, current.model);
  const theme = themes[params.theme] ?? themes.light;
  const svg = await diffSvg(diff, current.diagnostics.filter((d) => d.severity === "error"), params.before.label, theme);
  return {
    ok: true,
    svg,
    changes: diff.changes.map((c) => ({
      subject: c.subject,
      name: c.name,
      kind: c.kind,
      change: c.change,
      details: c.change === "moved" ? `${c.from} → ${c.to}` : (c.fields ?? []).join(", "),
    })),
  };
}
