// Comparing analytic with numeric gradients: PyTorch's allclose criterion, per-element errors and the worst element.
import type { Shape, WorstElement } from "../protocol";

export interface Tolerances {
  atol: number;
  rtol: number;
}

/** One compared element: its flat (row-major) index and both values. */
export interface Comparison {
  flat: number;
  analytic: number;
  numeric: number;
}

/** torch.allclose: |analytic − numeric| ≤ atol + rtol·|numeric|; NaN anywhere is a mismatch. */
export function withinTolerance(analytic: number, numeric: number, tol: Tolerances): boolean {
  return Math.abs(analytic - numeric) <= tol.atol + tol.rtol * Math.abs(numeric);
}

/**
 * Relative error with a floor of atol on the scale, so two tiny values (1e-12 vs 0) do not read as 100% apart.
 * NaN or infinite values give Infinity: nothing is further from right.
 */
export function relativeError(analytic: number, numeric: number, atol: number): number {
  const diff = Math.abs(analytic - numeric);
  if (!Number.isFinite(diff)) return Infinity;
  return diff / Math.max(Math.abs(analytic), Math.abs(numeric), atol);
}

/** How far past its tolerance an element is (> 1 fails): ranks the worst element by how badly it fails. */
function excess(c: Comparison, tol: Tolerances): number {
  const diff = Math.abs(c.analytic - c.numeric);
  if (!Number.isFinite(diff)) return Infinity;
  return diff / (tol.atol + tol.rtol * Math.abs(c.numeric));
}

export function unflatten(flat: number, shape: Shape): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return index;
}

export interface ErrorSummary {
  ok: boolean;
  maxAbsError: number;
  maxRelError: number;
  worst: WorstElement | null;
  checked: number;
}

/**
 * Error figures the report can carry: JSON has no Infinity or NaN (JSON.stringify writes null, which breaks
 * readers expecting a number), so an unbounded error (a NaN or infinite value compared) is the largest double.
 */
export const jsonSafe = (x: number) => (Number.isFinite(x) ? x : Number.MAX_VALUE);

/** Summarises compared elements; `ok` is false when any fails or when nothing could be compared at all. */
export function summarize(comparisons: Comparison[], shape: Shape, tol: Tolerances): ErrorSummary {
  let maxAbsError = 0;
  let maxRelError = 0;
  let worst: Comparison | null = null;
  let worstExcess = -1;
  let ok = true;
  for (const c of comparisons) {
    const abs = Math.abs(c.analytic - c.numeric);
    maxAbsError = Math.max(maxAbsError, Number.isNaN(abs) ? Infinity : abs);
    maxRelError = Math.max(maxRelError, relativeError(c.analytic, c.numeric, tol.atol));
    if (!withinTolerance(c.analytic, c.numeric, tol)) ok = false;
    const e = excess(c, tol);
    if (e > worstExcess) {
      worstExcess = e;
      worst = c;
    }
  }
  return {
    ok,
    maxAbsError: jsonSafe(maxAbsError),
    maxRelError: jsonSafe(maxRelError),
    worst: worst && { index: unflatten(worst.flat, shape), analytic: worst.analytic, numeric: worst.numeric },
    checked: comparisons.length,
  };
}
