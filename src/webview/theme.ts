// The panel follows VS Code's theme: the body class VS Code sets (or the host's `theme` message) picks Mermaid's base
// theme and the colours of the verdict marks, chosen to stay readable on that background.
import type { ThemeKind } from "../protocol";
import type { Palette } from "./mermaidSource";

export function themeFromBody(body: HTMLElement): ThemeKind {
  const c = body.classList;
  if (c.contains("vscode-high-contrast-light")) return "high-contrast-light";
  if (c.contains("vscode-high-contrast")) return "high-contrast";
  if (c.contains("vscode-dark")) return "dark";
  return "light";
}

export const isDark = (kind: ThemeKind): boolean => kind === "dark" || kind === "high-contrast";

/** [fill, stroke, text] per role, on dark and on light backgrounds. */
type Colours = [string, string, string];
const ROLES: Record<"dark" | "light", Record<"bad" | "odd" | "dead" | "input" | "custom" | "output", Colours>> = {
  dark: {
    bad: ["#5a1d1d", "#f14c4c", "#ffffff"], odd: ["#4d3b00", "#e5c07b", "#ffffff"], dead: ["#3a3a3a", "#9d9d9d", "#ffffff"],
    input: ["#0e3a5c", "#4fc1ff", "#ffffff"], custom: ["#3b2357", "#c586c0", "#ffffff"], output: ["#1e4620", "#89d185", "#ffffff"],
  },
  light: {
    bad: ["#ffe0e0", "#d1242f", "#000000"], odd: ["#fff4cc", "#9a6700", "#000000"], dead: ["#eeeeee", "#6e7781", "#000000"],
    input: ["#ddf4ff", "#0969da", "#000000"], custom: ["#f3e8ff", "#8250df", "#000000"], output: ["#dafbe1", "#1a7f37", "#000000"],
  },
};

/** Mermaid classDef styles; high contrast draws every border thicker, and failures thicker still. */
export function paletteFor(kind: ThemeKind): Palette {
  const roles = ROLES[isDark(kind) ? "dark" : "light"];
  const width = kind === "high-contrast" || kind === "high-contrast-light" ? 3 : 2;
  const style = ([fill, stroke, color]: Colours, extra = 0): string =>
    `fill:${fill},stroke:${stroke},stroke-width:${width + extra}px,color:${color}`;
  return {
    marks: {
      nan: style(roles.bad, 1), inf: style(roles.bad, 1), fail: style(roles.bad, 1),
      kink: style(roles.odd), tie: style(roles.odd), "dead-relu": style(roles.dead),
    },
    input: style(roles.input), custom: style(roles.custom), output: style(roles.output),
  };
}
