import { parseHostMessage, type HostMessage, type WebviewMessage } from "../shared/protocol/webview";

/** The API VS Code gives a webview once; a standalone bench page provides a fake with the same shape. */
interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api: VsCodeApi =
  typeof acquireVsCodeApi === "function"
    ? acquireVsCodeApi()
    : { postMessage: (m) => console.warn("no VS Code host for", m) };

export function postToHost(message: WebviewMessage): void {
  api.postMessage(message);
}

/** Subscribes to the host's messages; malformed ones are reported to the host's log and dropped. */
export function onHostMessage(handler: (m: HostMessage) => void): () => void {
  const listener = (event: MessageEvent) => {
    const parsed = parseHostMessage(event.data);
    if (parsed.ok) handler(parsed.message);
    else postToHost({ type: "error", message: `malformed message from the host: ${parsed.error}` });
  };
  window.addEventListener("message", listener);
  return () => window.removeEventListener("message", listener);
}
