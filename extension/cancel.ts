// The engines take AbortSignals; VS Code hands out CancellationTokens. One bridge for every command
// that reaches a cluster or a host, so a cancel click aborts the request in flight.
import type * as vscode from "vscode";

/** An AbortSignal the token fires (after `onCancel`, when given); `dispose` when the work is done. */
export function abortOn(token: vscode.CancellationToken, onCancel?: () => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const sub = token.onCancellationRequested(() => {
    onCancel?.();
    controller.abort();
  });
  return { signal: controller.signal, dispose: () => sub.dispose() };
}
