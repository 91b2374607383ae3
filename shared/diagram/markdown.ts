import type { Change } from "./diff";

/**
 * A diff as Markdown for a pull request or CI comment: the picture, then one table row per change.
 * Names come from topology files, so Markdown's own characters in them are escaped.
 */
export function diffMarkdown(changes: readonly Change[], against: string, file: string, image: string): string {
  const lines = [`### ${md(file)}: changes since ${md(against)}`, "", `![Diagram of the changes to ${md(file)}](${encodeURI(image)})`, ""];
  if (changes.length === 0) {
    lines.push("No topology, score or deployment changed.");
    return lines.join("\n") + "\n";
  }
  const counts = (["added", "removed", "changed", "moved"] as const)
    .map((c) => [c, changes.filter((x) => x.change === c).length] as const)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${n} ${c}`);
  lines.push(counts.join(", ") + ".", "", "| Change | What | Name | Details |", "|---|---|---|---|");
  for (const c of changes) {
    const what = c.subject === "deployment" ? "deployment" : `${c.subject} (${md(c.kind)})`;
    const details = c.change === "moved" ? `${md(c.from ?? "")} → ${md(c.to ?? "")}` : c.fields ? c.fields.map((f) => `\`${f}\``).join(", ") : "";
    lines.push(`| ${SIGN[c.change]} ${c.change} | ${what} | ${md(c.name)} | ${details} |`);
  }
  return lines.join("\n") + "\n";
}

const SIGN = { added: "+", removed: "−", changed: "~", moved: "→" } as const;

function md(s: string): string {
  return s.replace(/[\\`*_{}[\]()<>#|!]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");
}
