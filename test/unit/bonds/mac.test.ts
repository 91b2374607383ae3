import { strict as assert } from "node:assert";
import { inspect } from "node:util";
import fc from "fast-check";
import { MacAddress } from "../../../shared/model";

describe("MacAddress", () => {
  it("reads six octets separated by colons or dashes, in any case", () => {
    for (const text of ["aa:bb:cc:dd:ee:ff", "AA:BB:CC:DD:EE:FF", "aa-bb-cc-dd-ee-ff", "Aa-bB-cC-Dd-eE-Ff", " aa:bb:cc:dd:ee:ff "]) {
      assert.equal(MacAddress.parse(text)?.toString(), "aa:bb:cc:dd:ee:ff", text);
    }
  });

  it("rejects what is not a MAC address with a message fit for HARMONY1201", () => {
    for (const text of ["", "aa:bb:cc:dd:ee", "aa:bb:cc:dd:ee:ff:00", "aa:bb:cc:dd:ee:gg", "aa:bb-cc:dd:ee:ff", "aabb.ccdd.eeff", "a:b:c:d:e:f"]) {
      const r = MacAddress.tryParse(text);
      assert.equal(r.ok, false, text);
      if (!r.ok) assert.match(r.message, /is not a MAC address: expected six hexadecimal octets separated by ":" or "-"/);
      assert.equal(MacAddress.parse(text), undefined);
    }
  });

  it("prints aa:bb:cc:dd:ee:ff in strings, JSON and Node's inspect, never as bytes", () => {
    const mac = MacAddress.parse("AA-BB-CC-00-00-01")!;
    assert.equal(String(mac), "aa:bb:cc:00:00:01");
    assert.equal(`${mac}`, "aa:bb:cc:00:00:01");
    assert.equal(JSON.stringify({ mac }), '{"mac":"aa:bb:cc:00:00:01"}');
    assert.equal(inspect(mac), 'MacAddress("aa:bb:cc:00:00:01")');
    assert.equal(inspect({ nic: { mac } }), '{ nic: { mac: MacAddress("aa:bb:cc:00:00:01") } }');
    assert.equal(inspect(MacAddress.parse("AA:BB:CC:DD:EE:0F")), 'MacAddress("aa:bb:cc:dd:ee:0f")');
  });

  it("compares addresses whatever their spelling", () => {
    const mac = MacAddress.parse("aa:bb:cc:00:00:01")!;
    assert.ok(mac.equals("AA-BB-CC-00-00-01"));
    assert.ok(mac.equals(MacAddress.parse("Aa:bB:cc:00:00:01")));
    assert.ok(!mac.equals("aa:bb:cc:00:00:02"));
    assert.ok(!mac.equals("not a mac"));
  });

  it("prints back every address it reads, in lower case with colons", () => {
    const octet = fc.integer({ min: 0, max: 255 }).map((n) => n.toString(16).padStart(2, "0"));
    fc.assert(
      fc.property(fc.array(octet, { minLength: 6, maxLength: 6 }), fc.constantFrom(":", "-"), fc.boolean(), (octets, sep, upper) => {
        const text = octets.join(sep);
        const mac = MacAddress.parse(upper ? text.toUpperCase() : text);
        assert.equal(mac?.toString(), octets.join(":"));
      }),
      { numRuns: 200 },
    );
  });
});
