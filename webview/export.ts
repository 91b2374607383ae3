import type { Graph } from "../shared/diagram/graph";
import type { Point } from "../shared/diagram/layout";
import { renderSvg } from "../shared/diagram/svg";
import { lightTheme, type DiagramTheme } from "../shared/diagram/theme";

/**
 * The diagram as a standalone SVG, drawn by the renderer `harmony diagram` uses, in the colours of
 * the current theme resolved to literal values (the file must look the same outside VS Code).
 */
export function diagramSvg(graph: Graph, positions: ReadonlyMap<string, Point>): string {
  return renderSvg(graph, positions, { theme: currentTheme() });
}

function currentTheme(): DiagramTheme {
  const css = getComputedStyle(document.body);
  const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    ...lightTheme,
    background: color("--vscode-editor-background", lightTheme.background),
    foreground: color("--vscode-editor-foreground", lightTheme.foreground),
    nodeBackground: color("--vscode-editorWidget-background", lightTheme.nodeBackground),
    groupBackground: color("--vscode-editor-background", lightTheme.groupBackground),
    border: color("--vscode-editorWidget-border", lightTheme.border),
    chipBackground: color("--vscode-badge-background", lightTheme.chipBackground),
    chipForeground: color("--vscode-badge-foreground", lightTheme.chipForeground),
    accent: color("--vscode-charts-blue", lightTheme.accent),
    error: color("--vscode-errorForeground", lightTheme.error),
    added: color("--vscode-charts-green", lightTheme.added),
    removed: color("--vscode-errorForeground", lightTheme.removed),
    changed: color("--vscode-charts-yellow", lightTheme.changed),
    unchanged: color("--vscode-descriptionForeground", lightTheme.unchanged),
  };
}

/** Rasterises an SVG at twice its size; returns a PNG data URL. */
export async function svgToPng(svg: string): Promise<string> {
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error("the diagram could not be drawn as an image"));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = img.width * 2;
    canvas.height = img.height * 2;
    const g = canvas.getContext("2d")!;
    g.scale(2, 2);
    g.drawImage(img, 0, 0);
    return canvas.toDataURL("image/png");
  } finally {
    URL.revokeObjectURL(url);
  }
}
