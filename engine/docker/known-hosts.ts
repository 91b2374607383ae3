// Host keys checked as OpenSSH checks them, against its own known_hosts file: plain and hashed
// (`|1|salt|hash`) host entries, `[host]:port` for ports other than 22, patterns with `*`/`?` and
// `!`, and `@revoked` keys. Hand-written: ssh2 leaves verification to its caller and no maintained
// npm package reads known_hosts with hashed entries; the format is small and documented in sshd(8).
import { createHash, createHmac } from "node:crypto";
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";

/** `SHA256:…` as `ssh-keygen -lf` and `ssh` print it. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
}

/** The key type written inside an SSH public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`…). */
export function keyType(key: Buffer): string {
  if (key.length < 4) return "unknown";
  const n = key.readUInt32BE(0);
  return key.subarray(4, 4 + n).toString("latin1");
}

/** How OpenSSH names a host in known_hosts: `host` on port 22, else `[host]:port`. */
export function knownHostsName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`;
}

export type HostKeyVerdict =
  | { verdict: "known" }
  | { verdict: "unknown"; fingerprint: string; keyType: string }
  | { verdict: "changed"; fingerprint: string; keyType: string; line: number }
  | { verdict: "revoked"; fingerprint: string; keyType: string; line: number };

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i");
  return re.test(name);
}

/** Whether one host field (comma-separated patterns, hashed or plain) names `name`. */
function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith("|1|")) {
    const [, , salt, hash] = field.split("|");
    if (!salt || !hash) return false;
    return createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64") === hash;
  }
  let matched = false;
  for (const raw of field.split(",")) {
    const negated = raw.startsWith("!");
    const pattern = negated ? raw.slice(1) : raw;
    if (!globMatch(pattern, name)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}

/** Judges a presented host key against the text of a known_hosts file. */
export function verifyHostKey(knownHosts: string, address: string, port: number, key: Buffer): HostKeyVerdict {
  const name = knownHostsName(address, port);
  const type = keyType(key);
  const presented = key.toString("base64");
  const fp = fingerprint(key);
  let known = false;
  let changedLine: number | undefined;
  const lines = knownHosts.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith("#")) continue;
    const fields = line.split(/\s+/);
    const marker = fields[0].startsWith("@") ? fields.shift() : undefined;
    if (marker === "@cert-authority") continue;
    const [hosts, lineType, blob] = fields;
    if (!hosts || !lineType || !blob || !hostFieldMatches(hosts, name)) continue;
    if (marker === "@revoked") {
      if (blob === presented) return { verdict: "revoked", fingerprint: fp, keyType: type, line: i + 1 };
      continue;
    }
    if (blob === presented) known = true;
    else if (lineType === type) changedLine ??= i + 1;
  }
  if (known) return { verdict: "known" };
  if (changedLine !== undefined) return { verdict: "changed", fingerprint: fp, keyType: type, line: changedLine };
  return { verdict: "unknown", fingerprint: fp, keyType: type };
}

/** Reads a known_hosts file; a missing one knows no host. */
export async function readKnownHosts(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return "";
    throw e;
  }
}

/** Adds a host's key to known_hosts, as `ssh` does when the user answers yes. */
export async function addKnownHost(file: string, address: string, port: number, key: Buffer): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const existing = await readKnownHosts(file);
  const sep = existing && !existing.endsWith("\n") ? "\n" : "";
  await appendFile(file, `${sep}${knownHostsName(address, port)} ${keyType(key)} ${key.toString("base64")}\n`, { mode: 0o600 });
}

/** A refused key, as a user reads it: what was presented, and how to accept it if they trust it. */
export function describeRefusal(v: Exclude<HostKeyVerdict, { verdict: "known" }>, address: string, port: number, file: string): string {
  const name = knownHostsName(address, port);
  if (v.verdict === "unknown") {
    return `host key of ${name} is not known (${file} has no entry): ${v.keyType} ${v.fingerprint}. If that is the host's key, accept it (harmony deploy --accept-host-key ${v.fingerprint}, or the dialog in VS Code)`;
  }
  if (v.verdict === "revoked") return `host key of ${name} is revoked in ${file}:${v.line}: ${v.keyType} ${v.fingerprint}; refusing to connect`;
  return `HOST KEY CHANGED for ${name}: it now presents ${v.keyType} ${v.fingerprint}, not the key in ${file}:${v.line}. Someone may be intercepting the connection; if the host was reinstalled, remove the old key (ssh-keygen -R "${name}") and accept the new one`;
}
