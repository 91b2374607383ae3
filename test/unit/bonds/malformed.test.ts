// Malformed NodeNetworkStates and models: each is an error that says what is wrong and where,
// never a JavaScript error from deep inside, and never the whole input echoed back.
import { strict as assert } from "node:assert";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIO } from "../../../engine/cli/command";
import { runCli } from "../../../engine/cli/main";

const root = join(__dirname, "../../..");
const model = join(root, "test/fixtures/nmstate/lab.model.json");
const worker0 = join(root, "examples/nns/worker-0.lab.yaml");
const head = "apiVersion: nmstate.io/v1beta1\nkind: NodeNetworkState\nmetadata: {name: worker-0.lab}\n";
const rawJavaScript = /is not iterable|is not a function|Cannot read properties|undefined|\[object Object\]/;

async function harmony(...argv: string[]) {
  let out = "";
  let err = "";
  const io: CliIO = { out: (t) => (out += t + "\n"), err: (t) => (err += t + "\n"), cwd: root, env: {} };
  const code = await runCli(argv, io);
  return { code, out, err };
}

describe("malformed NodeNetworkStates and models", () => {
  let tmp: string;
  before(() => (tmp = mkdtempSync(join(tmpdir(), "harmony-malformed-"))));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  for (const [title, body, reason] of [
    ["interfaces that are not a list", "status: {currentState: {interfaces: 5}}", /status\.currentState\.interfaces: expected array, received number/],
    ["an interface whose name is a number", "status: {currentState: {interfaces: [{name: 5, type: ethernet}]}}", /status\.currentState\.interfaces\[0\]\.name: expected string, received number/],
    ["an interface that is not an object", "status: {currentState: {interfaces: [eno1]}}", /status\.currentState\.interfaces\[0\]: expected object, received string/],
    ["bond ports that are not a list", "status: {currentState: {interfaces: [{name: bond0, type: bond, link-aggregation: {mode: lacp, port: eno1}}]}}", /interfaces\[0\]\.link-aggregation\.port: expected array, received string/],
    ["a status that is not an object", "status: 7", /status: expected object, received number/],
  ] as const) {
    it(`bonds --state with ${title} names the field`, async () => {
      const file = join(tmp, "nns.yaml");
      writeFileSync(file, head + body + "\n");
      const r = await harmony("bonds", model, "--state", file);
      assert.equal(r.code, 2);
      assert.match(r.err, /nns\.yaml:1: NodeNetworkState "worker-0\.lab" is malformed: /);
      assert.match(r.err, reason);
      assert.doesNotMatch(r.err, rawJavaScript);
    });
  }

  it("every NodeNetworkState spelling the fixtures hold still reads", async () => {
    const r = await harmony("bonds", model, "--state", worker0, join(root, "examples/nns/worker-1.lab.yaml"));
    assert.equal(r.code, 1, r.err);
  });

  const lab = JSON.parse(readFileSync(model, "utf8"));
  for (const [title, change, reason] of [
    ["topologies that are not objects", (m: any) => (m.topologies = [1, 2]), /topologies\[0\]: expected object, received number/],
    ["a kind that is not a string", (m: any) => (m.topologies[0].kind = 7), /topologies\[0\]\.kind: expected string, received number/],
    ["a spec that is not an object", (m: any) => (m.scores[0].spec = 5), /scores\[0\]\.spec: expected object, received number/],
    ["a deployment without its fields", (m: any) => (m.deployments = [{ id: 5 }]), /deployments\[0\]\.id: expected string, received number; deployments\[0\]\.missing: missing, expected array/],
    ["no scores", (m: any) => delete m.scores, /scores: missing, expected array/],
  ] as const) {
    it(`a JSON model with ${title} is refused by plan and bonds, naming the field`, async () => {
      const m = structuredClone(lab);
      change(m);
      const file = join(tmp, "model.json");
      writeFileSync(file, JSON.stringify(m));
      for (const argv of [["plan", file, "--deployment", "labBonds"], ["bonds", file, "--state", worker0]]) {
        const r = await harmony(...argv);
        assert.equal(r.code, 2);
        assert.match(r.err, /model\.json is not a TopologyModel: /);
        assert.match(r.err, reason);
        assert.doesNotMatch(r.err, /deployments there/);
        assert.doesNotMatch(r.err, rawJavaScript);
      }
    });
  }

  it("a huge scalar is echoed cut short, with its length", async () => {
    const file = join(tmp, "scalar.yaml");
    writeFileSync(file, "x".repeat(5_000_000) + "\n");
    const r = await harmony("bonds", model, "--state", file);
    assert.equal(r.code, 2);
    assert.match(r.err, /expected a Kubernetes object, found "x+… \(5000000 characters\)/);
    assert.ok(r.err.length < 500, `${r.err.length} characters on stderr`);
  });

  it("a huge spec value in a model is echoed cut short", async () => {
    const m = structuredClone(lab);
    m.scores[0].spec.hosts = "h".repeat(1_000_000);
    const file = join(tmp, "big-value.json");
    writeFileSync(file, JSON.stringify(m));
    const r = await harmony("plan", file, "--deployment", "labBonds");
    assert.equal(r.code, 2);
    assert.match(r.err, /hosts of score "lab-bonds" is "h+… \(1000000 characters\)/);
    assert.ok(r.err.length < 500, `${r.err.length} characters on stderr`);
  });
});
