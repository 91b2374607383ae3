// Comparing objects on the fields Harmony writes only, so server defaults and other managers'
// fields neither show up in what-if diffs nor make an unchanged object look changed.

/** `value` cut down to the fields `shape` sets; lists of named items are matched by name. */
export function projectOnto(value: unknown, shape: unknown): unknown {
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return value;
    const named = shape.every((s) => s && typeof s === "object" && !Array.isArray(s) && typeof (s as any).name === "string");
    if (!named) return value.map((v, i) => (i < shape.length ? projectOnto(v, shape[i]) : v));
    return shape.flatMap((s) => {
      const match = value.find((v) => v && typeof v === "object" && (v as any).name === (s as any).name);
      return match === undefined ? [] : [projectOnto(match, s)];
    });
  }
  if (shape && typeof shape === "object") {
    if (!value || typeof value !== "object" || Array.isArray(value)) return value;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) {
      if (key in (value as object)) out[key] = projectOnto((value as any)[key], (shape as any)[key]);
    }
    return out;
  }
  return value;
}

/** Structural equality of JSON values; numbers and their decimal strings are equal (ports, counts). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === "number" && typeof b === "string") || (typeof a === "string" && typeof b === "number")) return String(a) === String(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in (b as object) && sameJson((a as any)[k], (b as any)[k]));
  }
  return false;
}
