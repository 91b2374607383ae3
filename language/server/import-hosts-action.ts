// The code action on an okdCluster that runs Harmony: Import Hosts from Cluster. Reading the
// cluster is the extension's (the server has no kubeconfig); the server only offers the action
// where it applies, and plans the edit when the command asks.
import { CodeActionKind, type CodeAction, type Range } from "vscode-languageserver/node";
import type { TopologyModel } from "../../shared/model";

export const IMPORT_HOSTS_COMMAND = "harmony.importHosts";

function contains(outer: Range, p: Range["start"]): boolean {
  const after = p.line > outer.start.line || (p.line === outer.start.line && p.character >= outer.start.character);
  const before = p.line < outer.end.line || (p.line === outer.end.line && p.character <= outer.end.character);
  return after && before;
}

/** "Import Hosts from Cluster" for each okdCluster of the file the cursor is in. */
export function importHostsActions(model: TopologyModel, uri: string, range: Range): CodeAction[] {
  return model.topologies
    .filter((t) => t.kind === "okdCluster" && !t.external && contains(t.location.range, range.start))
    .map((t) => ({
      title: `Import Hosts from Cluster into ${t.constName ?? t.id}`,
      kind: CodeActionKind.Refactor + ".harmony.importHosts",
      command: { title: "Import Hosts from Cluster", command: IMPORT_HOSTS_COMMAND, arguments: [uri, t.id] },
    }));
}
