// A topology file as it was at a git revision: its text from `git show`, analysed where the file
// is, so its imports resolve as they do now. Nothing in the file runs; git is called without a
// shell, with the revision passed as one argument.
import { execFile } from "node:child_process";
import { realpathSync } from "node:fs";
import { dirname, relative } from "node:path";
import { TopologyWorkspace } from "../../language/analyzer";
import type { Analysis } from "../../language/analyzer";
import { emptyModel } from "../../shared/model";

export type RevisionRead = { ok: true; analysis: Analysis; existed: boolean } | { ok: false; error: string };

function git(cwd: string, args: string[]): Promise<{ ok: true; out: string } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    execFile("git", args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" }, (err, stdout, stderr) => {
      if (!err) resolve({ ok: true, out: stdout });
      else if ((err as NodeJS.ErrnoException).code === "ENOENT") resolve({ ok: false, error: "git is not installed or not on PATH" });
      else resolve({ ok: false, error: (stderr || err.message).trim().replace(/^fatal: /, "") });
    });
  });
}

/** The model of `file` at `revision`; a file the revision does not have reads as empty. */
export async function analyzeAtRevision(file: string, revision: string): Promise<RevisionRead> {
  if (revision.startsWith("-")) return { ok: false, error: `"${revision}" is not a git revision` };
  const real = realpathSync(file);
  const top = await git(dirname(real), ["rev-parse", "--show-toplevel"]);
  if (!top.ok) return { ok: false, error: `${file} is not in a git repository (${top.error})` };
  const path = relative(realpathSync(top.out.trim()), real).split("\\").join("/");
  const commit = await git(dirname(real), ["rev-parse", "--verify", "--quiet", "--end-of-options", `${revision}^{commit}`]);
  if (!commit.ok) return { ok: false, error: `git knows no revision "${revision}"` };
  const shown = await git(dirname(real), ["show", `${commit.out.trim()}:${path}`]);
  if (!shown.ok) {
    if (/does not exist in|exists on disk, but not in/.test(shown.error)) {
      return { ok: true, analysis: { model: emptyModel(real), diagnostics: [] }, existed: false };
    }
    return { ok: false, error: `git could not read ${path} at ${revision}: ${shown.error}` };
  }
  const workspace = new TopologyWorkspace();
  workspace.setDocument(real, shown.out);
  return { ok: true, analysis: workspace.analyze(real), existed: true };
}
