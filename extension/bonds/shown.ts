import * as vscode from "vscode";
import type { NodeNetworkConfigurationPolicy } from "../../shared/model";
import type { BondProblem } from "../../engine/bonds/problem";
import type { BondDiffReport } from "../../engine/bonds/diff";
import { BONDS_SCHEME } from "./documents";

/** A bond diff as it was shown: what Apply applies is exactly what the user saw. */
export interface ShownBondDiff {
  file: vscode.Uri;
  report: BondDiffReport;
  /** The policies of the hosts whose bond changes, in host order. */
  policies: NodeNetworkConfigurationPolicy[];
  /** Errors in the desired state itself (the topology); Apply refuses while there are any. */
  desiredErrors: BondProblem[];
  /** Where the current state was read. */
  from: string;
  /** The virtual documents of the diff. */
  uris: vscode.Uri[];
}

export const BOND_DIFF_ACTIVE = "harmony.bondDiffActive";

/** The bond diffs shown so far, found again by any of their documents or by the active tab. */
export class ShownBondDiffs implements vscode.Disposable {
  private readonly byUri = new Map<string, ShownBondDiff>();
  private last: ShownBondDiff | undefined;
  private readonly listener: vscode.Disposable;

  constructor() {
    // The multi-diff editor sets no `resourceScheme`, so the Apply button's `when` uses this key.
    this.listener = vscode.window.tabGroups.onDidChangeTabs(() => this.updateContext());
  }

  add(shown: ShownBondDiff): void {
    for (const uri of shown.uris) this.byUri.set(uri.toString(), shown);
    this.last = shown;
    this.updateContext();
  }

  forUri(uri: vscode.Uri): ShownBondDiff | undefined {
    return this.byUri.get(uri.toString());
  }

  /** The diff of the active tab, else the one shown last. */
  current(): ShownBondDiff | undefined {
    for (const uri of activeTabUris()) {
      const shown = this.forUri(uri);
      if (shown) return shown;
    }
    return this.last;
  }

  private updateContext(): void {
    const active = activeTabUris().some((u) => u.scheme === BONDS_SCHEME);
    void vscode.commands.executeCommand("setContext", BOND_DIFF_ACTIVE, active);
  }

  dispose(): void {
    this.listener.dispose();
    this.byUri.clear();
  }
}

/** The documents of the active tab: a diff's two sides, or every side of a multi-diff. */
function activeTabUris(): vscode.Uri[] {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputTextDiff) return [input.modified, input.original];
  if (input instanceof vscode.TabInputText) return [input.uri];
  // TabInputTextMultiDiff (VS Code ≥ 1.91) is newer than the API this extension compiles against.
  const diffs = (input as { textDiffs?: unknown } | undefined)?.textDiffs;
  if (Array.isArray(diffs)) {
    return diffs.flatMap((d: { original?: unknown; modified?: unknown }) =>
      [d.modified, d.original].filter((u): u is vscode.Uri => u instanceof vscode.Uri),
    );
  }
  return [];
}
