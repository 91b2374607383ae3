// `harmony diagram`: the designer's drawing of a topology file, or of its changes, with no browser.
import { existsSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, isAbsolute, relative, resolve } from "node:path";
import type { TopologyDiagnostic, TopologyModel } from "../../../shared/model";
import { diffSvg, modelSvg, themes, type ThemeName } from "../../../shared/diagram";
import { diffModels, type Change } from "../../../shared/diagram/diff";
import { diffMarkdown } from "../../../shared/diagram/markdown";
import { MAX_PNG_PIXELS, svgToPng } from "../../diagram/png";
import { analyzeAtRevision } from "../../diagram/revision";
import { Exit, UsageError, type CliCommand, type CliIO } from "../command";
import { loadTopologyModel } from "./bonds";
import { parseOptions } from "./plan";

const usage = `Usage: harmony diagram FILE [--format svg|png|md] [--out PATH] [--theme light|dark] [--diff REV|OTHER_FILE] [--image PATH]

Draws FILE as the designer does (same layout, same boxes, failovers as containers, errors in red),
with no browser. The same file always gives the same bytes, so diagrams can be committed and diffed.

  FILE              a topology file (*.topology.ts), or a TopologyModel as JSON
  --format FORMAT   svg (default), png (needs --out), or md: a Markdown summary of --diff with the
                    picture beside it
  --out PATH        where to write; standard output when absent (svg and md)
  --theme THEME     light (default) or dark
  --diff REV        draw the changes since a git revision (HEAD, origin/main, a commit): added in
                    green, removed in red and dashed, changed in amber with the changed fields, a
                    deployment on another topology as a moved edge. The file's text at REV is read
                    with git; nothing is run. A path to another topology file compares with that file.
  --image PATH      with --format md: where the picture goes (default: --out with .svg, else
                    diagram.svg); the Markdown refers to it

Exit status: 0 drawn, 2 the file or revision cannot be read, or usage error.`;

interface Version {
  model: TopologyModel;
  diagnostics: TopologyDiagnostic[];
}

async function run(args: string[], io: CliIO): Promise<number> {
  const opts = parseOptions(args, ["--format", "--out", "--theme", "--diff", "--image"], []);
  const format = opts.values.get("--format") ?? "svg";
  if (format !== "svg" && format !== "png" && format !== "md") throw new UsageError(`--format is svg, png or md, not "${format}"`);
  const themeName = opts.values.get("--theme") ?? "light";
  if (!Object.hasOwn(themes, themeName)) throw new UsageError(`--theme is light or dark, not "${themeName}"`);
  const theme = themes[themeName as ThemeName];
  const against = opts.values.get("--diff");
  if (format === "md" && against === undefined) throw new UsageError("--format md summarises a diff: add --diff REV (for example --diff HEAD)");
  const at = (p: string) => (isAbsolute(p) ? p : resolve(io.cwd, p));
  const out = opts.values.get("--out");
  if (format === "png" && !out) throw new UsageError("a PNG is binary: give --out PATH");

  const file = at(opts.file);
  const now = await load(file);
  if (!now.ok) {
    io.err(`harmony diagram: ${now.error}`);
    return Exit.Failure;
  }

  let svg: string;
  let changes: Change[] | undefined;
  if (against === undefined) {
    svg = await modelSvg(now.version.model, now.version.diagnostics, { theme });
  } else {
    const before = await loadOther(file, against, io);
    if (!before.ok) {
      io.err(`harmony diagram: ${before.error}`);
      return Exit.Failure;
    }
    const diff = diffModels(before.version.model, now.version.model);
    changes = diff.changes;
    svg = await diffSvg(diff, now.version.diagnostics, against, theme);
  }

  if (format === "md") {
    const image = at(opts.values.get("--image") ?? (out ? out.replace(/(\.md)?$/i, ".svg") : "diagram.svg"));
    writeFileSync(image, svg);
    const reference = relative(out ? dirname(at(out)) : io.cwd, image).split("\\").join("/");
    const text = diffMarkdown(changes ?? [], against!, basename(file), reference);
    if (out) writeFileSync(at(out), text);
    else io.out(text);
    return Exit.Ok;
  }
  if (format === "png") {
    const { png, scale } = svgToPng(svg);
    if (scale < 2) io.err(`harmony diagram: the picture is large; drawn at ${Math.round(scale * 100)}% so the PNG stays under ${MAX_PNG_PIXELS / (1024 * 1024)} megapixels (the SVG has every detail)`);
    writeFileSync(at(out!), png);
  } else if (out) writeFileSync(at(out), svg);
  else io.out(svg);
  return Exit.Ok;
}

async function load(file: string): Promise<{ ok: true; version: Version } | { ok: false; error: string }> {
  const loaded = await loadTopologyModel(file);
  if (!loaded.ok) return loaded;
  return { ok: true, version: { model: loaded.model, diagnostics: loaded.errors } };
}

/** `--diff`: another file when one is there by that name, else a git revision of FILE. */
async function loadOther(file: string, against: string, io: CliIO): Promise<{ ok: true; version: Version } | { ok: false; error: string }> {
  const other = isAbsolute(against) ? against : resolve(io.cwd, against);
  if (/[\\/]|\.(ts|json)$/.test(against) && existsSync(other) && statSync(other).isFile()) return load(other);
  const read = await analyzeAtRevision(file, against);
  if (!read.ok) return read;
  if (!read.existed) io.err(`harmony diagram: ${basename(file)} is new since ${against}: everything in it is drawn as added`);
  return { ok: true, version: { model: read.analysis.model, diagnostics: read.analysis.diagnostics } };
}

export const diagram: CliCommand = {
  name: "diagram",
  summary: "Draw a topology file, or its changes since a git revision, as SVG, PNG or Markdown",
  usage,
  run,
};
