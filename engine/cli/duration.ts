// Durations on the command line: `90` or `90s`, `500ms`, `10m`, `1h`.
import { UsageError } from "./command";

/** Milliseconds of a duration option; a usage error names the option when it is not one. */
export function parseDuration(flag: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0) throw new UsageError(`${flag} is a duration such as 30s, 10m or 1h, not "${text}"`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? "s") as "ms" | "s" | "m" | "h"];
  return Math.round(Number(m[1]) * unit);
}
