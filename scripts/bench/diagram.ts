// Diagram benchmark: `harmony diagram` of a generated file of about 1000 nodes. The drawing alone
// (graph, layout, SVG) and the PNG (the same plus resvg) in process, against their goals of 1 s
// and 2 s; and the CLI end to end in fresh processes, against `harmony check` of the same file in
// the same run (the analysis both pay), so the ratio shows what drawing adds.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeFiles } from "../../language/analyzer";
import { buildGraph, layered, lightTheme, renderSvg } from "../../shared/diagram";
import { svgToPng } from "../../engine/diagram/png";
import { root } from "../env/paths.mjs";
import { generateTopologyFile } from "./checker";
import { median } from "./stats";

export async function benchDiagram() {
  const dir = mkdtempSync(join(tmpdir(), "harmony-bench-diagram-"));
  try {
    const file = join(dir, "big.topology.ts");
    writeFileSync(file, generateTopologyFile(800));
    const [analysis] = analyzeFiles([file]).values();
    const nodes = analysis.model.topologies.length + analysis.model.scores.length;

    const draw = async () => {
      const graph = buildGraph(analysis.model, analysis.diagnostics);
      return renderSvg(graph, await layered(graph), { theme: lightTheme });
    };
    await draw(); // warm: the first layout compiles elkjs
    const svgRuns: number[] = [];
    const pngRuns: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const svg = await draw();
      const t1 = performance.now();
      bytes = svgToPng(svg).png.length;
      const t2 = performance.now();
      svgRuns.push(t1 - t0);
      pngRuns.push(t2 - t0);
    }

    const cli = join(root, "dist", "cli.js");
    const timed = (args: string[]) => {
      const t0 = performance.now();
      try {
        execFileSync(process.execPath, [cli, ...args], { stdio: "ignore", cwd: dir });
      } catch {
        // `check` exits 1 on the file's deliberate errors, after the full work.
      }
      return performance.now() - t0;
    };
    const check: number[] = [], svgCli: number[] = [], pngCli: number[] = [];
    for (let i = 0; i < 3; i++) {
      check.push(timed(["check", file]));
      svgCli.push(timed(["diagram", file, "--out", "big.svg"]));
      pngCli.push(timed(["diagram", file, "--format", "png", "--out", "big.png"]));
    }
    return [
      {
        name: `drawing ${nodes} nodes in process (median of ${svgRuns.length})`,
        figures: {
          "SVG: graph + layout + render (ms)": median(svgRuns),
          "SVG goal (ms)": 1000,
          "SVG / goal": median(svgRuns) / 1000,
          "PNG: SVG + resvg (ms)": median(pngRuns),
          "PNG goal (ms)": 2000,
          "PNG / goal": median(pngRuns) / 2000,
          "PNG size (KB)": bytes / 1024,
          // The machine's other work slows every figure alike; the ratios to goals are not corrected for it.
          "load average (1 min)": loadavg()[0],
        },
      },
      {
        name: `harmony diagram of ${nodes} nodes, fresh processes (median of ${check.length}), against harmony check of the same file`,
        figures: {
          "check (ms), baseline": median(check),
          "diagram --format svg (ms)": median(svgCli),
          "diagram --format png (ms)": median(pngCli),
          "svg / check": median(svgCli) / median(check),
          "png / check": median(pngCli) / median(check),
        },
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
