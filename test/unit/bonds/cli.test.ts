import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { CliIO } from "../../../engine/cli/command";
import { runCli } from "../../../engine/cli/main";
import { labModel } from "./lab";

const root = join(__dirname, "../../..");
const model = "test/fixtures/nmstate/lab.model.json";
const worker0 = "examples/nns/worker-0.lab.yaml";
const worker1 = "examples/nns/worker-1.lab.yaml";

async function harmony(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (t) => (out += t.endsWith("\n") ? t : t + "\n"), err: (t) => (err += t + "\n"), cwd: root, env: {} };
  const code = await runCli(argv, io);
  return { code, out, err };
}

/** The example's worker-1 reaches the cluster through eno1, which its bond takes. */
const WORKER1_LOCKOUT =
  "worker-1: warning HARMONY1301: bonding eno1 into bond0 may cut node worker-1.lab off: eno1 carries the default route 0.0.0.0/0 via 10.10.0.1; unless the bond comes up with the same address, have a way in out of band";

describe("harmony bonds", () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), "harmony-bonds-"));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("the model fixture is the tests' lab model", async () => {
    const { readFile } = await import("node:fs/promises");
    assert.deepEqual(JSON.parse(await readFile(join(root, model), "utf8")), JSON.parse(JSON.stringify(labModel())));
  });

  it("prints one unified diff per changed host, headed by the host, and exits 1", async () => {
    const r = await harmony("bonds", model, "--state", worker0, worker1);
    assert.equal(r.code, 1, r.err);
    assert.ok(r.out.startsWith("--- worker-1 (current)\n+++ worker-1 (desired)\n@@ "), r.out);
    assert.ok(!r.out.includes("worker-0 (current)"), "an unchanged host prints no diff");
    assert.ok(r.out.includes("+  - name: bond0\n"));
    assert.ok(r.out.includes("-      enabled: true\n+      enabled: false\n"));
    assert.equal(r.err, `worker-0 (node worker-0.lab): bond0 unchanged\n${WORKER1_LOCKOUT}\n`);
  });

  it("exits 0 when nothing changes", async () => {
    const only0 = join(tmp, "only-worker-0.json");
    writeFileSync(only0, JSON.stringify(labModel({ bonds: { name: "lab-bonds", hosts: ["worker-0"] } })));
    const r = await harmony("bonds", only0, "--deployment", "labBonds", `--state=${worker0}`);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, "");
  });

  it("--format json gives each host's canonical current and desired YAML", async () => {
    const r = await harmony("bonds", model, "--state", worker0, "--state", worker1, "--format", "json");
    assert.equal(r.code, 1, r.err);
    const { hosts } = JSON.parse(r.out);
    assert.deepEqual(
      hosts.map((h: Record<string, unknown>) => [h.host, h.node, h.changed]),
      [
        ["worker-0", "worker-0.lab", false],
        ["worker-1", "worker-1.lab", true],
      ],
    );
    assert.deepEqual(Object.keys(hosts[0]), ["host", "node", "changed", "current", "desired", "problems"]);
    assert.equal(hosts[0].current, hosts[0].desired);
    assert.ok(hosts[1].desired.startsWith("interfaces:\n  - name: eno1\n"));
  });

  it("--format yaml gives one document per host with both states", async () => {
    const r = await harmony("bonds", model, "--state", worker0, worker1, "--format=yaml");
    assert.equal(r.code, 1, r.err);
    const docs = parseAllDocuments(r.out).map((d) => d.toJS());
    assert.deepEqual(docs.map((d) => [d.host, d.changed]), [["worker-0", false], ["worker-1", true]]);
    assert.deepEqual(docs[0].current, docs[0].desired);
    assert.equal(docs[1].desired.interfaces[2]["link-aggregation"].mode, "802.3ad");
  });

  it("reports a host with no NodeNetworkState, still diffs the others, and exits 2", async () => {
    const r = await harmony("bonds", model, "--state", worker1);
    assert.equal(r.code, 2);
    assert.ok(r.out.includes("--- worker-1 (current)"));
    assert.match(r.err, /worker-0: error: no NodeNetworkState named "worker-0.lab" for host "worker-0"/);
  });

  it("names the file and line of malformed YAML and exits 2", async () => {
    const r = await harmony("bonds", model, "--state", worker0, "test/fixtures/nmstate/malformed.yaml");
    assert.equal(r.code, 2);
    assert.equal(r.out, "");
    assert.match(r.err, /^harmony bonds: test\/fixtures\/nmstate\/malformed\.yaml:11:7: malformed YAML/);
  });

  it("names a state file that does not exist", async () => {
    const r = await harmony("bonds", model, "--state", "nope.yaml");
    assert.equal(r.code, 2);
    assert.match(r.err, /nope\.yaml: no such file/);
  });

  it("asks which deployment when the file has several, and names them", async () => {
    const m = labModel();
    m.scores.push({ ...m.scores[0], id: "more.score", name: "more-bonds" });
    m.deployments.push({ ...m.deployments[0], id: "more", constName: "more", score: "more.score" });
    const file = join(tmp, "two.json");
    writeFileSync(file, JSON.stringify(m));
    const r = await harmony("bonds", file, "--state", worker0);
    assert.equal(r.code, 2);
    assert.match(r.err, /several hostBonds deployments \(labBonds, more\); pick one with --deployment NAME/);
    assert.equal((await harmony("bonds", file, "--deployment", "more-bonds", "--state", worker0, worker1)).code, 1);
  });

  it("refuses a usage mistake with the usage and exit 2", async () => {
    for (const argv of [
      ["bonds", model],
      ["bonds", model, "--state", worker0, "--kubeconfig", "k"],
      ["bonds", model, "--state", worker0, "--format", "html"],
      ["bonds", "--state", worker0],
      ["bonds", model, "--state"],
      ["bonds", model, "--state", worker0, "--frobnicate"],
    ]) {
      const r = await harmony(...argv);
      assert.equal(r.code, 2, argv.join(" "));
      assert.match(r.err, /Usage: harmony bonds FILE/);
    }
  });

  it("says why a kubeconfig cannot be used", async () => {
    const missing = await harmony("bonds", model, "--kubeconfig", join(tmp, "no-such-kubeconfig"));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no kubeconfig at .*no-such-kubeconfig/);

    const kubeconfig = join(tmp, "kubeconfig");
    writeFileSync(
      kubeconfig,
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters: [{name: c, cluster: {server: 'http://127.0.0.1:9'}}]",
        "users: [{name: u, user: {token: t}}]",
        "contexts: [{name: okd-lab, context: {cluster: c, user: u}}, {name: other, context: {cluster: c, user: u}}]",
        "current-context: other",
      ].join("\n"),
    );
    const refused = await harmony("bonds", model, "--kubeconfig", kubeconfig);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /cannot list NodeNetworkStates on http:\/\/127\.0\.0\.1:9 \(context okd-lab\)/);

    const m = join(tmp, "other-context.json");
    writeFileSync(m, JSON.stringify(labModel({ context: "site-z" })));
    const wrong = await harmony("bonds", m, "--kubeconfig", kubeconfig);
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /context `site-z` not found in .*kubeconfig; contexts there: okd-lab, other/);
  });

  it("is listed by harmony help", async () => {
    const r = await harmony("help");
    assert.match(r.out, /bonds\s+Diff a hostBonds deployment/);
  });
});

describe("harmony bonds on topology files", () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), "harmony-bonds-ts-"));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it("reads the examples' lab through the analyzer: worker-0 is bonded, worker-1 is not yet", async () => {
    const r = await harmony("bonds", "examples/lab.topology.ts", "--state", worker0, worker1);
    assert.equal(r.code, 1, r.err);
    assert.ok(r.out.startsWith("--- worker-1 (current)\n+++ worker-1 (desired)\n"));
    assert.equal(r.err, `worker-0 (node worker-0.lab): bond0 unchanged\n${WORKER1_LOCKOUT}\n`);
  });

  it("reports an invalid MAC once, as HARMONY1201 at its line, and exits 2", async () => {
    const file = join(tmp, "bad-mac.topology.ts");
    writeFileSync(
      file,
      [
        'import { okdCluster, deploy, hostBonds } from "@harmony/topology";',
        "export const lab = okdCluster({",
        '  name: "okd-lab",',
        '  hosts: [{ name: "worker-0", node: "worker-0.lab", nics: [',
        '    { name: "eno1", mac: "aa:bb:cc:00:00:01" },',
        '    { name: "eno2", mac: "aa:bb:cc:00:00:zz" },',
        "  ] }],",
        "});",
        'export const bonds = deploy(lab, hostBonds({ name: "lab-bonds" }));',
        "",
      ].join("\n"),
    );
    const r = await harmony("bonds", file, "--state", worker0);
    assert.equal(r.code, 2);
    const lines = r.err.split("\n").filter((l) => l.includes("HARMONY1201"));
    assert.equal(lines.length, 1, r.err);
    assert.match(lines[0], /bad-mac\.topology\.ts:6:\d+: error HARMONY1201: "aa:bb:cc:00:00:zz" is not a MAC address/);
  });
});
