// Mutations of realistic topology files: what half-typed edits, bad merges and hostile files look
// like. Shared by the analyzer's property test (a few dozen runs) and `npm run fuzz` (ten thousand
// files through the production CLI).
import fc from "fast-check";

/** Fragments that break a topology file the ways editing does. */
const PIECES = [
  "(", ")", "{", "}", "[", "]", ",", '"', "'", "`", "${", "deploy(", "failover({", "\n", "export const ", "k8sAnywhere",
  "/*", "*/", "//", "x", ".", ":", "...", "as const", "satisfies", "=>", "?", "!", ";", "=", "0x", "1e999", "-0", "NaN",
  "import ", 'from "./sites.topology"', 'from "@harmony/topology"', "declare module", "interface Capabilities { X: true }",
  "defineTopology<", "defineScore<", "postgres({ name: ", "hostBonds({ name: ", "primary: ", "replica: ", "hosts: [",
  "nics: [{", 'mac: "zz:zz"', "name: 1", "name: `n${1}`", "\u00a0", "\u2028", "\ud83d\ude00", "\uffff", "\\u{10FFFF}",
];

const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 30 }),
  insert: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...PIECES) },
    { weight: 3, arbitrary: fc.string({ maxLength: 8 }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 4 }) },
  ),
});

/** A few small edits at random places: the common case. */
export const smallEdits = fc.array(edit, { minLength: 1, maxLength: 4 });

/** Whole-file damage: a slice duplicated or moved, lines swapped, nesting or length blown up. */
const largeEdit = fc.oneof(
  fc.record({ kind: fc.constant("duplicate" as const), from: fc.nat(), length: fc.nat({ max: 400 }), to: fc.nat() }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("swapLines" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant("nest" as const), at: fc.nat(), depth: fc.integer({ min: 50, max: 2000 }), open: fc.constantFrom("(", "[", "{", "(((", "!", "-", "<") }),
  fc.record({ kind: fc.constant("repeat" as const), at: fc.nat(), times: fc.integer({ min: 10, max: 500 }), what: fc.constantFrom(...PIECES) }),
);

type Edit = { at: number; remove: number; insert: string };
type LargeEdit = typeof largeEdit extends fc.Arbitrary<infer T> ? T : never;
export type Mutation = { small: Edit[] } | { large: LargeEdit; small: Edit[] };

/** Mostly small edits, sometimes whole-file damage followed by small edits. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 9, arbitrary: fc.record({ small: smallEdits }) },
  { weight: 1, arbitrary: fc.record({ large: largeEdit, small: fc.array(edit, { maxLength: 2 }) }) },
);

/** Applies small edits in order; positions wrap around the current text. */
export function applySmallEdits(text: string, edits: readonly Edit[]): string {
  for (const e of edits) {
    const at = e.at % (text.length + 1);
    text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
  }
  return text;
}

function applyLarge(text: string, e: LargeEdit): string {
  const n = text.length + 1;
  switch (e.kind) {
    case "duplicate": {
      const from = e.from % n;
      const slice = text.slice(from, from + e.length);
      const to = e.to % n;
      return text.slice(0, to) + slice + text.slice(to);
    }
    case "truncate":
      return text.slice(0, e.at % n);
    case "swapLines": {
      const lines = text.split("\n");
      const a = e.a % lines.length;
      const b = e.b % lines.length;
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join("\n");
    }
    case "nest": {
      const at = e.at % n;
      return text.slice(0, at) + e.open.repeat(e.depth) + text.slice(at);
    }
    case "repeat": {
      const at = e.at % n;
      return text.slice(0, at) + e.what.repeat(e.times) + text.slice(at);
    }
  }
}

/** The text after a mutation. */
export function mutate(text: string, m: Mutation): string {
  return applySmallEdits("large" in m ? applyLarge(text, m.large) : text, m.small);
}

/** The mutation number `index` of a run seeded with `seed`: the same every time, on any machine. */
export function mutationAt(seed: number, index: number): Mutation {
  return fc.sample(mutation, { seed: (seed * 1_000_003 + index) | 0, numRuns: 1 })[0];
}
