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

const style = (fill: string, stroke: string, color: string, width = 2): string =>
  `fill:${fill},stroke:${stroke},stroke-width:${width}px,color:${color}`;

export function paletteFor(kind: ThemeKind): Palette {
  const hc = kind === "high-contrast" || kind === "high-contrast-light";
  const w = hc ? 3 : 2;
  if (isDark(kind)) {
    return {
      marks: {
        nan: style("#6b0f1a", "#ff5c5c", "#ffffff", w + 1), inf: style("#6b0f1a", "#ff5c5c", "#ffffff", w + 1),
        fail: style("#5a1d1d", "#f14c4c", "#ffffff", w + 1), kink: style("#4d3b00", "#e5c07b", "#ffffff", w),
        tie: style("#4d3b00", "#e5c07b", "#ffffff", w), "dead-relu": style("#3a3a3a", "#9d9d9d", "#ffffff", w),
      },
      input: style("#0e3a5c", "#4fc1ff", "#ffffff", w), custom: style("#3b2357", "#c586c0", "#ffffff", w),
      output: style("#1e4620", "#89d185", "#ffffff", w),
    };
  }
  return {
    marks: {
      nan: style("#ffd6d6", "#b00020", "#000000", w + 1), inf: style("#ffd6d6", "#b00020", "#000000", w + 1),
      fail: style("#ffe0e0", "#d1242f", "#000000", w + 1), kink: style("#fff4cc", "#9a6700", "#000000", w),
      tie: style("#fff4cc", "#9a6700", "#000000", w), "dead-relu": style("#eeeeee", "#6e7781", "#000000", w),
    },
    input: style("#ddf4ff", "#0969da", "#000000", w), custom: style("#f3e8ff", "#8250df", "#000000", w),
    output: style("#dafbe1", "#1a7f37", "#000000", w),
  };
}
