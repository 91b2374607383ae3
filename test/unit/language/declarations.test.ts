import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { MessageConnection } from "vscode-jsonrpc/node";
import { startServer, until, type Published, type ServerSession } from "./server-session";
import { runCli } from "../../../engine/cli/main";
import type { CliIO } from "../../../engine/cli/command";

// A capability merged into the library in a declaration file beside the topology files counts
// however the files are checked: one, all of a folder, or open in the editor.

const CAPS = [
  `export {};`,
  `declare module "@harmony/topology" {`,
  `  interface Capabilities { Queue: true }`,
  `  interface FailoverStrategies { Queue: true }`,
  `}`,
].join("\n");

const QUEUES = [
  `import { defineTopology, defineScore, deploy, failover } from "@harmony/topology";`,
  `export const q1 = defineTopology<"Queue">({ kind: "rabbit", name: "q1" });`,
  `export const q2 = defineTopology<"Queue">({ kind: "rabbit", name: "q2" });`,
  `export const qq = failover({ name: "qq", primary: q1, replica: q2 });`,
  `export const job = deploy(qq, defineScore<"Queue">({ kind: "consumer", name: "c" }));`,
].join("\n");

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "harmony-decl-"));
  fs.writeFileSync(path.join(dir, "package.json"), "{}");
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function check(cwd: string, ...args: string[]): Promise<{ code: number; lines: string[] }> {
  const out: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: () => undefined, cwd, env: {} };
  const code = await runCli(["check", ...args], io);
  return { code, lines: out.join("\n").split("\n").filter(Boolean) };
}

describe("declaration files count", function () {
  this.timeout(60_000);
  const made: string[] = [];
  after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it("harmony check reads a caps.d.ts beside the files, and the result is the same for one file or the folder", async () => {
    const dir = project({ "types/caps.d.ts": CAPS, "queues.topology.ts": QUEUES, "other.topology.ts": `export const x = 1;\n` });
    made.push(dir);
    const one = await check(dir, "queues.topology.ts");
    const all = await check(dir, ".");
    // The one real problem: a user-defined score has no deploy interpreter. No TS2344 on "Queue", no HARMONY1001.
    assert.deepEqual(one.lines.map((l) => l.split(" ").slice(0, 3).join(" ")), ["queues.topology.ts:5:31 error HARMONY1004"]);
    assert.deepEqual(all.lines, one.lines);
  });

  it("follows a tsconfig.json's include: a declaration file it leaves out does not count", async () => {
    const dir = project({
      "tsconfig.json": JSON.stringify({ include: ["*.topology.ts", "types/**/*"] }),
      "types/caps.d.ts": CAPS,
      "elsewhere/caps.d.ts": CAPS.replace(/Queue/g, "Stream"),
      "queues.topology.ts": QUEUES,
      "streams.topology.ts": QUEUES.replace(/Queue/g, "Stream"),
    });
    made.push(dir);
    const queues = await check(dir, "queues.topology.ts");
    assert.deepEqual(queues.lines.map((l) => l.split(" ")[2]), ["HARMONY1004"]);
    const streams = await check(dir, "streams.topology.ts");
    assert.ok(streams.lines.some((l) => / error TS2344 Type '"Stream"' does not satisfy the constraint/.test(l)), streams.lines.join("\n"));
  });

  describe("in the language server", () => {
    let session: ServerSession;
    let connection: MessageConnection;
    let published: Published[];
    let dir: string;

    before(async () => {
      dir = project({ "caps.d.ts": CAPS, "queues.topology.ts": QUEUES });
      made.push(dir);
      session = await startServer(dir, "queues");
      ({ connection, published } = session);
    });

    after(async () => {
      await session?.stop();
    });

    it("checks an open file with the workspace's caps.d.ts, and again when it changes", async () => {
      const uri = pathToFileURL(path.join(dir, "queues.topology.ts")).href;
      await connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "harmony-topology", version: 1, text: QUEUES } });
      const first = await until(() => published.find((p) => p.uri === uri));
      assert.deepEqual(first.diagnostics.map((d) => d.code), ["HARMONY1004"]);

      // The strategy goes: the failover no longer provides Queue.
      const before = published.length;
      const caps = path.join(dir, "caps.d.ts");
      fs.writeFileSync(caps, CAPS.replace("  interface FailoverStrategies { Queue: true }\n", ""));
      await connection.sendNotification("workspace/didChangeWatchedFiles", { changes: [{ uri: pathToFileURL(caps).href, type: 2 }] });
      const second = await until(() => published.slice(before).find((p) => p.uri === uri));
      assert.deepEqual(second.diagnostics.map((d) => d.code), ["HARMONY1002"]);
    });
  });
});
