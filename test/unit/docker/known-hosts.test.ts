// Host keys are judged as OpenSSH judges them against known_hosts.
import * as assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import { fingerprint, knownHostsName, verifyHostKey } from "../../../engine/docker/known-hosts";

/** An SSH public key blob of `type` with random key bytes. */
function keyBlob(type = "ssh-ed25519"): Buffer {
  const t = Buffer.from(type);
  const k = randomBytes(32);
  const len = (n: number) => Buffer.from([0, 0, 0, n]);
  return Buffer.concat([len(t.length), t, len(k.length), k]);
}

function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
}

describe("known_hosts", () => {
  const key = keyBlob();
  const line = (host: string, k = key, type = "ssh-ed25519") => `${host} ${type} ${k.toString("base64")}`;

  it("names hosts as ssh does: bare on port 22, [host]:port otherwise", () => {
    assert.equal(knownHostsName("10.0.0.5", 22), "10.0.0.5");
    assert.equal(knownHostsName("10.0.0.5", 2222), "[10.0.0.5]:2222");
  });

  it("knows a host by a plain entry, a [host]:port entry, a hashed entry, or a pattern", () => {
    assert.deepEqual(verifyHostKey(line("edge,10.0.0.5"), "10.0.0.5", 22, key), { verdict: "known" });
    assert.deepEqual(verifyHostKey(line("[127.0.1.1]:2222"), "127.0.1.1", 2222, key), { verdict: "known" });
    assert.deepEqual(verifyHostKey(`# comment\n${line(hashed("[127.0.1.1]:2222"))}\n`, "127.0.1.1", 2222, key), { verdict: "known" });
    assert.deepEqual(verifyHostKey(line("10.0.0.*"), "10.0.0.5", 22, key), { verdict: "known" });
    assert.equal(verifyHostKey(line("10.0.0.*,!10.0.0.5"), "10.0.0.5", 22, key).verdict, "unknown");
    // The port is part of the name: the same address on another port is another host.
    assert.equal(verifyHostKey(line("127.0.1.1"), "127.0.1.1", 2222, key).verdict, "unknown");
  });

  it("an unknown host's key comes with its SHA256 fingerprint, as ssh prints it", () => {
    const v = verifyHostKey("", "10.0.0.5", 22, key);
    assert.equal(v.verdict, "unknown");
    assert.ok(v.verdict === "unknown" && v.fingerprint === fingerprint(key) && v.keyType === "ssh-ed25519");
    assert.match(fingerprint(key), /^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it("another key of the same type for the host is a changed key, with the line that holds the old one", () => {
    const v = verifyHostKey(`${line("other")}\n${line(hashed("10.0.0.5"), keyBlob())}\n`, "10.0.0.5", 22, key);
    assert.deepEqual(v, { verdict: "changed", fingerprint: fingerprint(key), keyType: "ssh-ed25519", line: 2 });
    // A key of another type only is not a change: the host may have several.
    assert.equal(verifyHostKey(line("10.0.0.5", keyBlob("ssh-rsa"), "ssh-rsa"), "10.0.0.5", 22, key).verdict, "unknown");
  });

  it("a revoked key is refused even when also listed", () => {
    const v = verifyHostKey(`@revoked * ssh-ed25519 ${key.toString("base64")}\n${line("10.0.0.5")}`, "10.0.0.5", 22, key);
    assert.equal(v.verdict, "revoked");
  });
});
