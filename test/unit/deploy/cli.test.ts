import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

  it("deploy sends host bonds to their diff and Apply Bonds, and applies nothing", async () => {
    const lab = join(__dirname, "../../../examples/lab.topology.ts");
    const r = await harmony(tmp, "deploy", lab, "--deployment", "labBonds", "--yes", "--kubeconfig", join(tmp, "no-such-kubeconfig"));
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /labBonds bonds host NICs; apply it with `harmony bonds .*lab\.topology\.ts --deployment labBonds --kubeconfig PATH --apply`/);
    // Refused before any cluster is looked for: the kubeconfig that does not exist is never read.
    assert.doesNotMatch(r.err, /no-such-kubeconfig/);
  });

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

  it("a file with a syntax error has no plan: plan and deploy name the error and where it is", async () => {
    const shop = readFileSync(join(__dirname, "../../../examples/shop.topology.ts"), "utf8");
    writeFileSync(join(tmp, "typo.topology.ts"), shop.replace("replicas: 3, port: 8080", "replicas: 3 port: 8080"));
    for (const command of ["plan", "deploy"]) {
      const r = await harmony(tmp, command, "typo.topology.ts", "--deployment", "storefront", ...(command === "deploy" ? ["--dry-run"] : []));
      assert.equal(r.code, 2, r.out);
      assert.match(r.err, /deployment "storefront" has no plan: its source does not parse: \S*typo\.topology\.ts:15:121 TS1005 ',' expected\. Fix the syntax first\./);
      assert.equal(r.out, "");
    }
    // Not only the deployment's own line: a syntax error anywhere in its file puts what was read there in doubt.
    writeFileSync(join(tmp, "elsewhere.topology.ts"), shop.replace(`user: "ops" }`, `user: "ops" ]`));
    const r = await harmony(tmp, "plan", "elsewhere.topology.ts", "--deployment", "ordersDb");
    assert.equal(r.code, 2);
    assert.match(r.err, /its source does not parse: \S*elsewhere\.topology\.ts:11:\d+ TS1\d{3} /);
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
