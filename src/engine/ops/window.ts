// Argument checks shared by the sliding-window ops (maxPool2d, conv2d): a size given as n or [h, w].
import { ArgumentError, fmtArgument } from "../errors";

export function pair(op: string, what: string, v: unknown, min: number): [number, number] {
  const p = typeof v === "number" ? [v, v] : v;
  if (!Array.isArray(p) || p.length !== 2 || !p.every((d) => Number.isInteger(d) && d >= min)) {
    throw new ArgumentError(`${op}: ${what} must be an integer ≥ ${min} or a pair [h, w] of them, got ${fmtArgument(v)}`);
  }
  return [p[0], p[1]];
}

/** Output size of a window sweep: floor((size + 2·pad − k) / stride) + 1. */
export function sweep(size: number, k: number, stride: number, pad = 0): number {
  return Math.floor((size + 2 * pad - k) / stride) + 1;
}
