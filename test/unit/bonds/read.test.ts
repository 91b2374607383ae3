import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { diffBonds, readNodeNetworkStates } from "../../../engine/bonds";
import { labModel } from "./lab";

const fixtures = join(__dirname, "../../fixtures/nmstate");
const examples = join(__dirname, "../../../examples/nns");
const read = (dir: string, file: string) => readNodeNetworkStates(readFileSync(join(dir, file), "utf8"), file);

describe("reading NodeNetworkStates from YAML", () => {
  it("reads a List as `kubectl get nns -o yaml` writes it", () => {
    const r = read(fixtures, "list.yaml");
    assert.ok(r.ok);
    assert.deepEqual(r.states.map((s) => s.metadata.name), ["worker-0.lab", "worker-1.lab"]);
  });

  it("reads several documents and passes over other kinds", () => {
    const r = read(fixtures, "two-documents.yaml");
    assert.ok(r.ok);
    assert.deepEqual(r.states.map((s) => s.metadata.name), ["worker-0.lab", "worker-1.lab"]);
  });

  it("names the file and line of malformed YAML", () => {
    const r = read(fixtures, "malformed.yaml");
    assert.ok(!r.ok);
    assert.match(r.error, /^malformed\.yaml:11:7: malformed YAML: Flow map .* end with a \}$/);
  });

  it("names the file when it holds no NodeNetworkState", () => {
    const r = readNodeNetworkStates("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", "cm.yaml");
    assert.ok(!r.ok);
    assert.match(r.error, /^cm\.yaml: no NodeNetworkState in it \(found ConfigMap\)/);
    const empty = readNodeNetworkStates("", "empty.yaml");
    assert.ok(!empty.ok);
    assert.match(empty.error, /empty\.yaml: no NodeNetworkState in it \(it is empty\)/);
  });

  it("names the line of a NodeNetworkState without a name", () => {
    const r = readNodeNetworkStates("---\nkind: NodeNetworkState\n---\n\nkind: NodeNetworkState\nmetadata: {}\n", "x.yaml");
    assert.ok(!r.ok);
    assert.match(r.error, /^x\.yaml:2: NodeNetworkState has no metadata.name/);
  });

  it("the examples' samples: worker-0 already bonded in the old spelling, worker-1 not yet", () => {
    const states = ["worker-0.lab.yaml", "worker-1.lab.yaml"].flatMap((f) => {
      const r = read(examples, f);
      assert.ok(r.ok, f);
      return r.states;
    });
    const [w0, w1] = diffBonds(labModel(), "labBonds", states).hosts;
    assert.equal(w0.changed, false, w0.current);
    assert.deepEqual(w0.problems, []);
    assert.equal(w1.changed, true);
    // Its eno1 carries the default route: the bond diff says so.
    assert.deepEqual(w1.problems.map((p) => p.code), ["HARMONY1301"]);
  });

  it("the List fixture: worker-1 is in active-backup with miimon 50", () => {
    const r = read(fixtures, "list.yaml");
    assert.ok(r.ok);
    const [w0, w1] = diffBonds(labModel(), "labBonds", r.states).hosts;
    assert.equal(w0.changed, false);
    assert.ok(w1.current.includes("mode: active-backup") && w1.current.includes("miimon: 50"));
  });
});
