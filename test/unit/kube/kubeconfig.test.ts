// One kubeconfig resolution for the CLI and every VS Code command: the setting or argument, else
// every path of KUBECONFIG merged as kubectl merges them, else ~/.kube/config.
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { CliIO } from "../../../engine/cli/command";
import { runCli } from "../../../engine/cli/main";
import { loadKubeconfig, resolveKubeconfig } from "../../../engine/kube/kubeconfig";
import { openKube } from "../../../engine/deploy";
import { labModel } from "../bonds/lab";
import { shopModel } from "../deploy/shop";

function kubeconfig(o: { clusters?: [string, string][]; users?: [string, string][]; contexts?: [string, string, string][]; current?: string }): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    `clusters: [${(o.clusters ?? []).map(([n, s]) => `{name: ${n}, cluster: {server: "${s}"}}`).join(", ")}]`,
    `users: [${(o.users ?? []).map(([n, t]) => `{name: ${n}, user: {token: ${t}}}`).join(", ")}]`,
    `contexts: [${(o.contexts ?? []).map(([n, c, u]) => `{name: ${n}, context: {cluster: ${c}, user: ${u}}}`).join(", ")}]`,
    o.current ? `current-context: ${o.current}` : "",
  ].join("\n");
}

async function harmony(cwd: string, env: NodeJS.ProcessEnv, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n"), cwd, env };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe("kubeconfig resolution", () => {
  let tmp: string;
  let a: string;
  let b: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), "harmony-kubeconfig-"));
    a = join(tmp, "a.yaml");
    b = join(tmp, "b.yaml");
    // a: site-a on port 1 (refuses), current context site-a; b: site-b, a second `shared` cluster, its own current context.
    writeFileSync(
      a,
      kubeconfig({ clusters: [["one", "https://127.0.0.1:1"], ["shared", "https://127.0.0.1:2"]], users: [["u", "token-a"]], contexts: [["site-a", "one", "u"]], current: "site-a" }),
    );
    writeFileSync(
      b,
      kubeconfig({
        clusters: [["two", "https://127.0.0.1:1"], ["shared", "https://127.0.0.1:3"]],
        users: [["u", "token-b"], ["v", "token-v"]],
        contexts: [["site-b", "two", "v"], ["okd-lab", "shared", "u"], ["site-a", "two", "v"]],
        current: "site-b",
      }),
    );
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("prefers the setting, then every path of KUBECONFIG, then ~/.kube/config", () => {
    assert.deepEqual(resolveKubeconfig("/etc/kc", { KUBECONFIG: "/a" }).paths, ["/etc/kc"]);
    assert.deepEqual(resolveKubeconfig("", { KUBECONFIG: `/a${delimiter}/b` }).paths, ["/a", "/b"]);
    assert.deepEqual(resolveKubeconfig("  ", { KUBECONFIG: `/a${delimiter}${delimiter}/b` }).paths, ["/a", "/b"]);
    assert.match(resolveKubeconfig(undefined, {}).paths[0], /\.kube[\\/]config$/);
    assert.deepEqual(resolveKubeconfig("kc", {}, "/work").paths, ["/work/kc"]);
  });

  it("merges a multi-path KUBECONFIG as kubectl does: first file wins each name and the current context", async () => {
    const read = await loadKubeconfig(undefined, { env: { KUBECONFIG: [a, join(tmp, "missing.yaml"), b].join(delimiter) } });
    assert.ok(read.ok, read.ok ? "" : read.error);
    const { kc } = read;
    assert.deepEqual(kc.getContexts().map((c) => c.name), ["site-a", "site-b", "okd-lab"]);
    assert.equal(kc.getCurrentContext(), "site-a");
    assert.equal(kc.getCluster("shared")?.server, "https://127.0.0.1:2");
    assert.equal(kc.getUser("u")?.token, "token-a");
    assert.equal(kc.getContextObject("site-a")?.cluster, "one");
  });

  it("makes each file's relative certificate paths absolute to that file's folder", async () => {
    const sub = join(tmp, "sub");
    mkdirSync(sub, { recursive: true });
    const c = join(sub, "c.yaml");
    writeFileSync(c, "clusters: [{name: tls, cluster: {server: 'https://127.0.0.1:1', certificate-authority: ca.crt}}]\ncontexts: [{name: tls, context: {cluster: tls, user: ''}}]\n");
    const read = await loadKubeconfig(undefined, { env: { KUBECONFIG: [a, c].join(delimiter) } });
    assert.ok(read.ok, read.ok ? "" : read.error);
    assert.equal(read.kc.getCluster("tls")?.caFile, join(sub, "ca.crt"));
  });

  it("says where it looked when no kubeconfig exists", async () => {
    const explicit = await openKube("/nonexistent/kubeconfig", ["site-a"]);
    assert.ok(!explicit.ok);
    assert.match(explicit.error, /no kubeconfig at \/nonexistent\/kubeconfig/);
    const env = await openKube(undefined, ["site-a"], { env: { KUBECONFIG: `/nonexistent/a${delimiter}/nonexistent/b` } });
    assert.ok(!env.ok);
    assert.match(env.error, /no kubeconfig at KUBECONFIG \(\/nonexistent\/a.\/nonexistent\/b\)/);
  });

  it("refuses special files instead of reading them forever", async function () {
    this.timeout(5000);
    const zero = await loadKubeconfig("/dev/zero");
    assert.ok(!zero.ok);
    assert.match(zero.error, /kubeconfig \/dev\/zero is not a regular file \(a character device\)/);
    const fifo = join(tmp, "fifo");
    execFileSync("mkfifo", [fifo]);
    // With no writer, a FIFO opened for reading would block the process for good.
    const read = await loadKubeconfig(fifo);
    assert.ok(!read.ok);
    assert.match(read.error, /not a regular file/);
  });

  it("harmony deploy finds a context in the second path of KUBECONFIG", async () => {
    writeFileSync(join(tmp, "shop.model.json"), JSON.stringify(shopModel({ failover: { publicHost: "db.example.com" } })));
    const r = await harmony(tmp, { KUBECONFIG: [a, b].join(delimiter) }, "deploy", "shop.model.json", "--deployment", "storefront", "--dry-run");
    assert.doesNotMatch(r.err, /not found in/);
    // Both contexts resolve; the servers of this test refuse, and the summary says so.
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /connection to 127\.0\.0\.1:1 refused/);
  });

  it("harmony bonds --kubeconfig '' reads the context of the second KUBECONFIG path and names what refused", async () => {
    writeFileSync(join(tmp, "lab.model.json"), JSON.stringify(labModel({ context: "okd-lab" })));
    const r = await harmony(tmp, { KUBECONFIG: [a, b].join(delimiter) }, "bonds", "lab.model.json", "--kubeconfig", "");
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot list NodeNetworkStates on https:\/\/127\.0\.0\.1:2 \(context okd-lab\): .*connection to 127\.0\.0\.1:2 refused/);
  });
});
