// Every request to an API server is bounded: a server that accepts the connection and never
// answers fails the deploy in bounded time, once, instead of object by object.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIO } from "../../../engine/cli/command";
import { runCli } from "../../../engine/cli/main";
import { labModel } from "../bonds/lab";
import { shopModel } from "../deploy/shop";

async function harmony(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string; ms: number }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n"), cwd, env: {} };
  const t0 = Date.now();
  const code = await runCli(argv, io);
  return { code, out, err, ms: Date.now() - t0 };
}

/** The duration a deploy summary states: `Deploy of … (1.0 s)`. */
const seconds = (summary: string) => Number(/\((\d+\.\d) s[,)]/.exec(summary)?.[1] ?? NaN);

describe("a silent API server", () => {
  let tmp: string;
  let server: Server;
  let port = 0;
  let connections = 0;
  const sockets = new Set<Socket>();

  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), "harmony-silent-"));
    // Accepts every connection and never says a word: not even the TLS handshake.
    server = createServer((s) => {
      connections++;
      sockets.add(s);
      s.on("error", () => {});
      s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as { port: number }).port;
    writeFileSync(
      join(tmp, "kubeconfig"),
      [
        "clusters: [{name: c, cluster: {server: 'https://127.0.0.1:" + port + "'}}]",
        "users: [{name: u, user: {token: t}}]",
        "contexts: [{name: site-a, context: {cluster: c, user: u}}, {name: site-b, context: {cluster: c, user: u}}, {name: okd-lab, context: {cluster: c, user: u}}]",
        "current-context: site-a",
      ].join("\n"),
    );
    writeFileSync(join(tmp, "shop.model.json"), JSON.stringify(shopModel({ failover: { publicHost: "db.example.com" } })));
    writeFileSync(join(tmp, "lab.model.json"), JSON.stringify(labModel({ context: "okd-lab" })));
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
    rmSync(tmp, { recursive: true, force: true });
  });
  beforeEach(() => (connections = 0));

  it("deploy --yes ends after the request timeout; objects never sent say not attempted", async function () {
    this.timeout(20_000);
    const r = await harmony(tmp, "deploy", "shop.model.json", "--deployment", "ordersDb", "--kubeconfig", "kubeconfig", "--yes", "--request-timeout", "1s");
    assert.equal(r.code, 1, r.err);
    // The summary's own time: loading the client library in this test process takes seconds more.
    assert.ok(seconds(r.out) < 3, r.out);
    // PostgreSQL on a failover reads the live sides first, so the server may already be known silent.
    assert.match(r.out, new RegExp(`skipped\\s+Namespace shop — not attempted: .*127\\.0\\.0\\.1:${port} did not answer within 1 s`));
    assert.match(r.out, /s1 apply on context site-a, namespace shop: failed — 1 not attempted/);
    assert.doesNotMatch(r.out, /^\s+applied/m);
    // One discovery request per API group the first objects need, not one try per object.
    assert.ok(connections <= 4, `${connections} connections`);
  });

  it("deploy --timeout stops the whole deploy at its deadline", async function () {
    this.timeout(20_000);
    const r = await harmony(tmp, "deploy", "shop.model.json", "--deployment", "ordersDb", "--kubeconfig", "kubeconfig", "--yes", "--request-timeout", "60s", "--timeout", "1s");
    assert.equal(r.code, 1, r.err);
    assert.ok(seconds(r.out) < 3, r.out);
    assert.match(r.out, /^Deploy of ordersDb timed out/);
    assert.match(r.out, /the deploy's deadline \(1 s\) passed/);
  });

  it("deploy --timeout is one deadline for reading the live sides and the deploy after it, not one each", async function () {
    this.timeout(20_000);
    const r = await harmony(tmp, "deploy", "shop.model.json", "--deployment", "ordersDb", "--kubeconfig", "kubeconfig", "--yes", "--request-timeout", "60s", "--timeout", "2s");
    assert.equal(r.code, 1, r.err);
    // The live read waited out the whole deadline on the silent server: nothing is left for the deploy.
    assert.ok(seconds(r.out) < 1, r.out);
    assert.match(r.out, /the deploy's deadline \(2 s\) passed/);
  });

  it("a deploy's summary says not attempted once per object, with why", async function () {
    this.timeout(20_000);
    const r = await harmony(tmp, "deploy", "shop.model.json", "--deployment", "ordersDb", "--kubeconfig", "kubeconfig", "--yes", "--request-timeout", "500ms");
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /not attempted: /);
    assert.doesNotMatch(r.out + r.err, /not attempted: not attempted/);
  });

  it("bonds --kubeconfig gives up after the request timeout and says on what", async function () {
    this.timeout(20_000);
    const r = await harmony(tmp, "bonds", "lab.model.json", "--kubeconfig", "kubeconfig", "--request-timeout", "500ms");
    assert.equal(r.code, 2);
    assert.ok(r.ms < 4000, `took ${r.ms} ms`);
    assert.match(r.err, new RegExp(`cannot list NodeNetworkStates on https://127\\.0\\.0\\.1:${port} \\(context okd-lab\\): .*did not answer within 500 ms`));
  });

  it("refuses a duration that is not one", async () => {
    const r = await harmony(tmp, "deploy", "shop.model.json", "--deployment", "ordersDb", "--request-timeout", "soon");
    assert.equal(r.code, 2);
    assert.match(r.err, /--request-timeout is a duration such as 30s, 10m or 1h, not "soon"/);
  });
});
