import type { z } from "zod";

/** Where in the input a schema found it wrong, e.g. `status.currentState.interfaces[0].name`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

/** The first few problems a schema found, each with where it is: for a message a user can act on. */
export function describeIssues(error: z.ZodError, max = 3): string {
  const issues = error.issues.slice(0, max).map((i) => `${issuePath(i.path) || "the whole input"}: ${wording(i.message)}`);
  const more = error.issues.length > max ? `; and ${error.issues.length - max} more` : "";
  return issues.join("; ") + more;
}

function wording(message: string): string {
  return message
    .replace(/^Invalid input: /, "")
    .replace(/expected record\b/, "expected object")
    .replace(/^expected (.+), received undefined$/, "missing, expected $1");
}
