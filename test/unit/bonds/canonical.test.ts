import { strict as assert } from "node:assert";
import fc from "fast-check";
import { parse } from "yaml";
import { canonicalOrder, canonicalYaml } from "../../../engine/bonds";
import { toYaml } from "../../../engine/bonds/canonical";
import { MacAddress } from "../../../shared/model";

describe("canonical YAML", () => {
  it("prints keys in one order whatever order they came in", () => {
    const a = canonicalYaml({ interfaces: [{ ipv4: { dhcp: true, enabled: true }, type: "bond", name: "bond0", state: "up" }] });
    const b = canonicalYaml({ interfaces: [{ name: "bond0", state: "up", type: "bond", ipv4: { enabled: true, dhcp: true } }] });
    assert.equal(a, b);
    assert.equal(a, "interfaces:\n  - name: bond0\n    type: bond\n    state: up\n    ipv4:\n      enabled: true\n      dhcp: true\n");
  });

  it("quotes strings that would read back as something else", () => {
    assert.equal(toYaml({ a: "true", b: "100", c: "802.3ad", d: "x: y", e: "", f: "- x", g: "null", h: "#x", i: "1e3" }),
      'a: "true"\nb: "100"\nc: 802.3ad\nd: "x: y"\ne: ""\nf: "- x"\ng: "null"\nh: "#x"\ni: "1e3"\n');
  });

  it("prints MAC addresses as text", () => {
    assert.equal(toYaml(canonicalOrder({ mac: MacAddress.parse("AA-BB-CC-00-00-01") })), "mac: aa:bb:cc:00:00:01\n");
  });

  it("reads back as the same data, for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const value = JSON.parse(JSON.stringify(v)); // -0 is 0 in JSON and YAML
        assert.deepEqual(parse(toYaml(value)), value);
      }),
      { numRuns: 300 },
    );
  });
});
