import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import type { CliIO } from "../../../engine/cli/command";
import { runCli } from "../../../engine/cli/main";
import { openKube, resolveKubeconfig } from "../../../engine/deploy";
import { shopModel } from "./shop";

async function harmony(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n"), cwd, env: {} };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe("harmony plan and deploy", () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), "harmony-plan-"));
    writeFileSync(join(tmp, "shop.model.json"), JSON.stringify(shopModel({ failover: { publicHost: "db.example.com" } })));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("plan --format json prints the documented shape", async () => {
    const r = await harmony(tmp, "plan", "shop.model.json", "--deployment", "ordersDb", "--format", "json");
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    assert.equal(json.deployment, "ordersDb");
    assert.deepEqual(json.steps.map((s: any) => s.action), ["apply", "apply", "wait", "copy-secrets", "apply"]);
    assert.deepEqual(json.steps[0].target, { context: "site-a", namespace: "shop" });
  });

  it("plan prints YAML by default, and redacts the secrets it would copy", async () => {
    const r = await harmony(tmp, "plan", "shop.model.json", "--deployment=ordersDb");
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^# Deployment plan for ordersDb/);
    const doc = parse(r.out);
    const copy = doc.steps.find((s: any) => s.action === "copy-secrets");
    assert.deepEqual(copy.objects[1].data, { "tls.crt": "<redacted>", "tls.key": "<redacted>" });
  });

  it("a deployment the checker rejects has no plan, and says why", async () => {
    const r = await harmony(tmp, "plan", "shop.model.json", "--deployment", "metrics");
    assert.equal(r.code, 2);
    assert.match(r.err, /does not provide Docker/);
    assert.equal(r.out, "");
  });

  it("without --deployment, lists the deployments", async () => {
    const r = await harmony(tmp, "plan", "shop.model.json");
    assert.equal(r.code, 2);
    assert.match(r.err, /--deployment NAME is missing; deployments in shop.model.json: ordersDb, storefront/);
  });

  it("deploy names the missing context and the ones the kubeconfig has", async () => {
    const kc = join(tmp, "kubeconfig");
    writeFileSync(kc, `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: secret-token}}]\ncontexts: [{name: kind-dev, context: {cluster: c, user: u}}]\ncurrent-context: kind-dev\n`);
    const r = await harmony(tmp, "deploy", "shop.model.json", "--deployment", "storefront", "--kubeconfig", kc, "--yes");
    assert.equal(r.code, 2);
    assert.match(r.err, /context `site-a` not found in .*kubeconfig; contexts there: kind-dev/);
    assert.ok(!r.err.includes("secret-token"));
  });
});

describe("kubeconfig resolution", () => {
  it("prefers the setting, then KUBECONFIG, then ~/.kube/config", () => {
    assert.deepEqual(resolveKubeconfig("/etc/kc", { KUBECONFIG: "/a" }).paths, ["/etc/kc"]);
    assert.deepEqual(resolveKubeconfig("", { KUBECONFIG: "/a:/b" }).paths, ["/a", "/b"]);
    assert.match(resolveKubeconfig(undefined, {}).paths[0], /\.kube\/config$/);
  });

  it("a kubeconfig that does not exist says where it looked", async () => {
    const r = await openKube("/nonexistent/kubeconfig", ["site-a"]);
    assert.ok(!r.ok);
    assert.match(r.error, /no kubeconfig at \/nonexistent\/kubeconfig/);
  });
});
