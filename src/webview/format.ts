// Short, stable text for numbers, shapes and summaries: shared by the diagram labels, the inspector, the tables and
// the Markdown export so that the same value always reads the same way.
import type { Shape, Summary } from "../protocol";

/**
 * Four significant digits; exponent form for very large or small magnitudes; NaN and ±Inf spelled out.
 * `null` is how NaN and Inf come back from JSON (saved panel state, recorded traces), so it reads as NaN.
 */
export function formatNumber(x: number | null): string {
  if (x === null || Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Inf";
  if (x === -Infinity) return "-Inf";
  if (x === 0) return "0";
  const abs = Math.abs(x);
  if (abs >= 1e5 || abs < 1e-3) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

/** How many elements a tensor of this shape holds (1 for a scalar). */
export function elementCount(shape: Shape): number {
  return shape.reduce((p, d) => p * d, 1);
}

/** The same dims in the same order. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** PyTorch-like: `[64, 100]`, a scalar is `[]`. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/** One line: mean ± std and the range, then the counts that usually explain a bad gradient. */
export function formatSummary(s: Summary): string {
  const parts = [`mean ${formatNumber(s.mean)} ± ${formatNumber(s.std)}`, `range [${formatNumber(s.min)}, ${formatNumber(s.max)}]`];
  return parts.concat(summaryAlarms(s)).join(", ");
}

/** The counts worth a warning: NaN, Inf, and zeros when at least half the elements are zero. */
export function summaryAlarms(s: Summary): string[] {
  const alarms: string[] = [];
  if (s.nan > 0) alarms.push(`${s.nan} NaN`);
  if (s.inf > 0) alarms.push(`${s.inf} Inf`);
  if (s.count > 1 && s.zeros * 2 >= s.count) alarms.push(`${s.zeros}/${s.count} zero`);
  return alarms;
}
