import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { ModelPushedNotification, type ModelResult } from "../../../shared/protocol/lsp";

const root = path.resolve(__dirname, "..", "..", "..");

export interface Published {
  uri: string;
  version?: number;
  diagnostics: {
    code: string;
    message: string;
    range: { start: { line: number; character: number } };
    codeDescription?: { href: string };
    data?: unknown;
    relatedInformation?: { location: { uri: string; range: { start: { line: number } } }; message: string }[];
  }[];
}

/** The language server in a process of its own, as an editor runs it, with what it has published so far. */
export interface ServerSession {
  connection: MessageConnection;
  published: Published[];
  pushed: ModelResult[];
  stop(): Promise<void>;
}

/** Starts the server from source over stdio, initialized on the workspace folder `folder`. */
export async function startServer(folder: string, name: string): Promise<ServerSession> {
  const server: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.join(root, "language/server/main.ts"), "--stdio"], {
    cwd: root,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  const published: Published[] = [];
  const pushed: ModelResult[] = [];
  connection.onNotification("textDocument/publishDiagnostics", (p: Published) => {
    published.push(p);
  });
  connection.onNotification(ModelPushedNotification, (m) => {
    pushed.push(m);
  });
  connection.onNotification("window/logMessage", () => undefined);
  connection.listen();
  await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: pathToFileURL(folder).href,
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name }],
    capabilities: {},
    initializationOptions: { libraryPath: path.join(root, "language/library") },
  });
  await connection.sendNotification("initialized", {});
  return {
    connection,
    published,
    pushed,
    async stop() {
      try {
        await connection.sendRequest("shutdown");
        await connection.sendNotification("exit");
      } catch {
        // already gone
      }
      connection.dispose();
      server.kill();
    },
  };
}

/** Polls `probe` every 50 ms until it gives a value; fails after 20 s. */
export async function until<T>(probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("timed out");
}
