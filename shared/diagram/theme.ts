/**
 * The colours of a drawing, as literal values: a diagram must look the same outside VS Code. The
 * CLI draws with `lightTheme` or `darkTheme` (VS Code's Light+ and Dark+ colours); the webview's
 * export passes the colours of the theme it shows.
 */
export interface DiagramTheme {
  background: string;
  foreground: string;
  nodeBackground: string;
  groupBackground: string;
  border: string;
  /** Capability chips a topology provides. */
  chipBackground: string;
  chipForeground: string;
  /** Score boxes' left accent. */
  accent: string;
  error: string;
  /** Review colours: added / created, removed, changed / moved, unchanged. */
  added: string;
  removed: string;
  changed: string;
  unchanged: string;
}

export const lightTheme: DiagramTheme = {
  background: "#ffffff",
  foreground: "#333333",
  nodeBackground: "#f3f3f3",
  groupBackground: "#eef4fb",
  border: "#a0a0a0",
  chipBackground: "#616161",
  chipForeground: "#ffffff",
  accent: "#1a85ff",
  error: "#e51400",
  added: "#388a34",
  removed: "#e51400",
  changed: "#bf8803",
  unchanged: "#8a8a8a",
};

export const darkTheme: DiagramTheme = {
  background: "#1e1e1e",
  foreground: "#cccccc",
  nodeBackground: "#252526",
  groupBackground: "#1f2a36",
  border: "#5a5a5a",
  chipBackground: "#4d4d4d",
  chipForeground: "#ffffff",
  accent: "#3794ff",
  error: "#f48771",
  added: "#89d185",
  removed: "#f48771",
  changed: "#cca700",
  unchanged: "#8a8a8a",
};

export const themes = { light: lightTheme, dark: darkTheme } as const;
export type ThemeName = keyof typeof themes;
