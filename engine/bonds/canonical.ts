// Canonical text of a network state: fixed key order, one YAML style, so two states that mean the
// same print the same and a diff of the texts shows only real changes. The emitter is our own: the
// data is plain (maps, lists, scalars) and a general YAML library is ten times slower at it.
import type { NetworkState } from "../../shared/model";

const KEY_ORDER = [
  "interfaces",
  "name",
  "type",
  "state",
  "description",
  "mac-address",
  "copy-mac-from",
  "mtu",
  "enabled",
  "dhcp",
  "autoconf",
  "ipv4",
  "ipv6",
  "link-aggregation",
  "mode",
  "options",
  "port",
];
const RANK = new Map(KEY_ORDER.map((k, i) => [k, i]));

function compareKeys(a: string, b: string): number {
  const ra = RANK.get(a) ?? KEY_ORDER.length;
  const rb = RANK.get(b) ?? KEY_ORDER.length;
  return ra !== rb ? ra - rb : a < b ? -1 : a > b ? 1 : 0;
}

/** A copy of `value` with every object's keys in canonical order; undefined members dropped. */
export function canonicalOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonicalOrder);
  if (typeof value !== "object" || value === null) return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return (value as { toJSON(): unknown }).toJSON();
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareKeys)) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = canonicalOrder(v);
  }
  return out;
}

// A plain scalar must not read back as anything but the same string (YAML 1.2 core schema).
const NOT_A_STRING =
  /^(?:true|false|null|~|[-+]?\.(?:inf|nan)|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?(?:e[-+]?[0-9]+)?|[-+]?\.[0-9]+(?:e[-+]?[0-9]+)?|0x[0-9a-f]+|0o[0-7]+)$/i;
const PLAIN = /^[A-Za-z0-9_./(][A-Za-z0-9 _./:()+,=@-]*$/;

function scalar(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : value > 0 ? ".inf" : value < 0 ? "-.inf" : ".nan";
  if (typeof value === "boolean") return String(value);
  const text = String(value);
  const plain = PLAIN.test(text) && !text.endsWith(" ") && !text.endsWith(":") && !text.includes(": ") && !NOT_A_STRING.test(text);
  // JSON's double-quoted strings are YAML's double-quoted scalars.
  return plain ? text : JSON.stringify(text);
}

function isBlock(v: unknown): v is object {
  return typeof v === "object" && v !== null && (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
}

function inline(v: unknown): string {
  if (Array.isArray(v)) return "[]";
  if (typeof v === "object" && v !== null) return "{}";
  return scalar(v);
}

function emit(value: object, pad: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (!isBlock(item)) {
        out.push(`${pad}- ${inline(item)}`);
        continue;
      }
      const start = out.length;
      emit(item, pad + "  ", out);
      out[start] = `${pad}- ${out[start].slice(pad.length + 2)}`;
    }
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (isBlock(v)) {
      out.push(`${pad}${scalar(key)}:`);
      emit(v, pad + "  ", out);
    } else {
      out.push(`${pad}${scalar(key)}: ${inline(v)}`);
    }
  }
}

/** YAML text of plain data (maps, lists, scalars), block style, lists indented under their key. */
export function toYaml(value: unknown): string {
  if (!isBlock(value)) return inline(value) + "\n";
  const out: string[] = [];
  emit(value, "", out);
  return out.join("\n") + "\n";
}

/** The canonical YAML text of a network state. */
export function canonicalYaml(state: NetworkState): string {
  return toYaml(canonicalOrder(state));
}
