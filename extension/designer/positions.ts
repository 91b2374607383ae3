import type * as vscode from "vscode";
import type { CanvasPositions } from "../../shared/protocol/webview";

/**
 * Where a user dragged the nodes of a file, kept in workspace state (never in the topology file, so
 * moving a box does not dirty the document or its git diff).
 */
export class PositionStore {
  constructor(private readonly state: vscode.Memento) {}

  private key(uri: vscode.Uri): string {
    return `harmony.designer.positions:${uri.toString()}`;
  }

  get(uri: vscode.Uri): CanvasPositions {
    return this.state.get<CanvasPositions>(this.key(uri)) ?? {};
  }

  async update(uri: vscode.Uri, positions: CanvasPositions, reset = false): Promise<CanvasPositions> {
    const next = reset ? { ...positions } : { ...this.get(uri), ...positions };
    await this.state.update(this.key(uri), next);
    return next;
  }
}
