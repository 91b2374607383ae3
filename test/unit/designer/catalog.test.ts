import { strict as assert } from "node:assert";
import { validateField } from "../../../shared/model/kinds";

// What the table of kinds says about capabilities and defaults is held against the library in
// test/unit/language/kinds.test.ts; here, how the inspector judges what a user types.
describe("inspector validation", () => {
  it("accepts what the library accepts", () => {
    assert.equal(validateField("postgres", "instances", 2), undefined);
    assert.equal(validateField("postgres", "storage", "10Gi"), undefined);
    assert.equal(validateField("linuxHost", "address", "10.0.0.5"), undefined);
    assert.equal(validateField("linuxHost", "port", 22), undefined);
    assert.equal(validateField("k8sAnywhere", "name", "site-a"), undefined);
    assert.equal(validateField("postgres", "version", undefined), undefined, "optional fields may be empty");
  });
  it("says what is wrong in words a user can act on", () => {
    assert.equal(validateField("postgres", "instances", 0), "instances: a whole number, 1 or more");
    assert.equal(validateField("postgres", "instances", "two"), "instances must be a number");
    assert.equal(validateField("postgres", "storage", "ten gigs"), "storage: a size such as 10Gi or 512Mi");
    assert.equal(validateField("linuxHost", "port", 70000), "port: a port between 1 and 65535");
    assert.equal(validateField("k8sAnywhere", "name", "Site A"), "name: lower-case letters, digits and dashes (a Kubernetes name)");
    assert.equal(validateField("linuxHost", "address", undefined), "address is required");
  });
});
