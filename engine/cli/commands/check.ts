import * as fs from "node:fs";
import * as path from "node:path";
import { analyzeFiles } from "../../../language/analyzer";
import type { TopologyDiagnostic } from "../../../shared/model";
import { Exit, UsageError, type CliCommand, type CliIO } from "../command";

const SKIPPED_FOLDERS = new Set(["node_modules", ".git", "dist", "out"]);

/** The topology files a path names: itself, or every `*.topology.ts` under a folder. */
function topologyFiles(target: string, io: CliIO): string[] {
  const absolute = path.resolve(io.cwd, target);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absolute);
  } catch {
    throw new UsageError(`${target}: no such file or folder`);
  }
  if (!stat.isDirectory()) return [absolute];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(p);
      } else if (entry.name.endsWith(".topology.ts")) {
        out.push(p);
      }
    }
  };
  walk(absolute);
  return out;
}

function display(file: string, io: CliIO): string {
  const rel = path.relative(io.cwd, file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

function human(file: string, d: TopologyDiagnostic, io: CliIO): string {
  const { line, character } = d.range.start;
  return `${display(file, io)}:${line + 1}:${character + 1} ${d.severity} ${d.code} ${d.message.replace(/\n/g, " ")}`;
}

function json(d: TopologyDiagnostic, io: CliIO) {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    range: d.range,
    related: d.related.map((r) => ({ path: display(r.location.file, io), range: r.location.range, message: r.message })),
  };
}

export const check: CliCommand = {
  name: "check",
  summary: "Check topology files: capabilities, names, values, MAC addresses and TypeScript errors",
  usage: [
    "Usage: harmony check [--json] PATH...",
    "",
    "Checks topology files (or every *.topology.ts under each folder) without running them.",
    "Prints one line per problem: file:line:col severity CODE message.",
    "",
    "Options:",
    "  --json   print {\"files\":[{\"path\",\"diagnostics\":[...]}]} with zero-based LSP positions",
    "",
    "Exit: 0 no errors, 1 errors found, 2 usage or internal failure.",
  ].join("\n"),
  async run(args, io) {
    const asJson = args.includes("--json");
    const unknown = args.filter((a) => a.startsWith("-") && a !== "--json");
    if (unknown.length > 0) throw new UsageError(`unknown option ${unknown[0]}`);
    const targets = args.filter((a) => !a.startsWith("-"));
    if (targets.length === 0) throw new UsageError("name at least one file or folder");
    const files = [...new Set(targets.flatMap((t) => topologyFiles(t, io)))];
    const results = analyzeFiles(files);
    let errors = 0;
    let warnings = 0;
    const report: { path: string; diagnostics: ReturnType<typeof json>[] }[] = [];
    const lines: string[] = [];
    for (const [file, { diagnostics }] of results) {
      for (const d of diagnostics) {
        if (d.severity === "error") errors++;
        else if (d.severity === "warning") warnings++;
        lines.push(human(file, d, io));
      }
      report.push({ path: display(file, io), diagnostics: diagnostics.map((d) => json(d, io)) });
    }
    if (asJson) {
      io.out(JSON.stringify({ files: report }, null, 2));
    } else {
      if (lines.length > 0) io.out(lines.join("\n"));
      const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? "" : "s"}`;
      io.err(`${plural(files.length, "file")} checked: ${plural(errors, "error")}, ${plural(warnings, "warning")}`);
    }
    return errors > 0 ? Exit.Findings : Exit.Ok;
  },
};
