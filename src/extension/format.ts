// Plain-text pieces the hovers, CodeLens titles and Problems share, so a shape or an error reads the same everywhere.
// Pure: no vscode import, unit-tested in plain node.
import type { Shape } from "../protocol";

/** How many elements a tensor of this shape holds (1 for a scalar). */
export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** `[64, 100]`, as everywhere in gradlens; a scalar is `[]`. */
export function shapeText(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/** Three significant digits; exponent form for tiny or huge magnitudes (a relative error of 2e-16 stays readable). */
export function num(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Inf" : "-Inf";
  if (x === 0) return "0";
  const abs = Math.abs(x);
  if (abs < 1e-3 || abs >= 1e5) return x.toExponential(1).replace(/\.0e/, "e").replace("e+", "e");
  return String(Number(x.toPrecision(3)));
}

/** Shapes of several tensors made by one line (a loop): the distinct ones, most common first. */
export function distinctShapes(shapes: readonly Shape[]): string {
  const counts = new Map<string, number>();
  for (const s of shapes) counts.set(shapeText(s), (counts.get(shapeText(s)) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([text, n]) => (n > 1 ? `${text} ×${n}` : text))
    .join(", ");
}
