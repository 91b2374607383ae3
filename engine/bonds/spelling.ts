// Every spelling nmstate has used, read into the one Harmony writes, so that a diff shows only
// real changes: `slaves`/`ports` -> `port`, `bond` -> `link-aggregation`, `lacp`/4 -> `802.3ad`,
// option values "100" -> 100, MACs any case -> aa:bb:cc:dd:ee:ff.
import { MacAddress, type BondMode, type NmstateInterface } from "../../shared/model";

const MODES_BY_NUMBER: BondMode[] = [
  "balance-rr",
  "active-backup",
  "balance-xor",
  "broadcast",
  "802.3ad",
  "balance-tlb",
  "balance-alb",
];
const MODE_ALIASES: Record<string, BondMode> = { lacp: "802.3ad", "802.3ad": "802.3ad" };

/** The nmstate spelling of a bond mode; `lacp` and the kernel's numbers 0–6 included. Unknown modes pass through. */
export function canonicalBondMode(mode: unknown): string | undefined {
  if (mode === undefined || mode === null) return undefined;
  const text = String(mode).trim().toLowerCase();
  if (/^[0-6]$/.test(text)) return MODES_BY_NUMBER[Number(text)];
  return MODE_ALIASES[text] ?? (MODES_BY_NUMBER as string[]).find((m) => m === text) ?? text;
}

/** A bond option value: numbers stay numbers, numeric strings become numbers, the rest stays. */
export function canonicalOptionValue(value: unknown): unknown {
  if (typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  return value;
}

function canonicalBoolean(value: unknown): unknown {
  if (value === "true") return true;
  if (value === "false") return false;
  return value;
}

function canonicalMac(value: unknown): unknown {
  return typeof value === "string" ? (MacAddress.parse(value)?.toString() ?? value) : value;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function portNames(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  // nmstate 2 may list ports as objects (`ports-config` style); the name is what matters.
  return value.map((p) => (isRecord(p) && typeof p.name === "string" ? p.name : String(p)));
}

/** One interface as a NodeNetworkState reports it, in today's spelling. The input is not changed. */
export function canonicalInterface(raw: Record<string, unknown>): NmstateInterface {
  const out: Record<string, unknown> = { ...raw };
  for (const key of ["mac-address", "permanent-mac-address"]) {
    if (key in out) out[key] = canonicalMac(out[key]);
  }
  for (const stack of ["ipv4", "ipv6"]) {
    const ip = out[stack];
    if (isRecord(ip)) {
      const copy: Record<string, unknown> = { ...ip };
      for (const flag of ["enabled", "dhcp", "autoconf"]) if (flag in copy) copy[flag] = canonicalBoolean(copy[flag]);
      out[stack] = copy;
    }
  }
  const la = out["link-aggregation"] ?? out.bond;
  delete out.bond;
  if (isRecord(la)) {
    const agg: Record<string, unknown> = { ...la };
    const ports = portNames(agg.port ?? agg.ports ?? agg.slaves);
    delete agg.ports;
    delete agg.slaves;
    if (ports) agg.port = ports;
    if ("mode" in agg) agg.mode = canonicalBondMode(agg.mode);
    const options = agg.options ?? agg["bond-options"];
    delete agg["bond-options"];
    if (isRecord(options)) {
      agg.options = Object.fromEntries(Object.entries(options).map(([k, v]) => [k, canonicalOptionValue(v)]));
    }
    out["link-aggregation"] = agg;
  }
  return out as NmstateInterface;
}
