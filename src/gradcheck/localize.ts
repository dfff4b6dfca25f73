// Finding a wrong element of a large input without checking all of them: group testing by bisection.
// The error of a directional derivative is linear in the direction: with u restricted to a set S, the error
// e(S) = numeric − gᵀu_S is the sum of the wrong elements' contributions in S. Halving S and following the
// half with the larger |e| reaches a small block holding a wrong element after log₂(n) pairs of forward passes,
// where checking every element would take 2n. The block is then checked element by element.
import { type Probe, directionalDerivative, dot } from "./numeric";

/** Bisection stops at blocks this small; they are checked one element at a time. */
const LEAF_BLOCK = 16;

function restricted(u: Float64Array, lo: number, hi: number): Float64Array {
  const out = new Float64Array(u.length);
  out.set(u.subarray(lo, hi), lo);
  return out;
}

/**
 * Flat indices of a block of at most LEAF_BLOCK elements that carries the largest share of the error of the failing
 * direction `u` (error `error` over the whole input).
 */
export function localizeError(
  probe: Probe, input: number, analytic: ArrayLike<number>, u: Float64Array, error: number, eps: number,
): number[] {
  let lo = 0;
  let hi = u.length;
  while (hi - lo > LEAF_BLOCK) {
    const mid = (lo + hi) >> 1;
    const left = restricted(u, lo, mid);
    const leftError = directionalDerivative(probe, input, left, eps) - dot(analytic, left);
    const rightError = error - leftError;
    if (Math.abs(leftError) >= Math.abs(rightError)) {
      hi = mid;
      error = leftError;
    } else {
      lo = mid;
      error = rightError;
    }
  }
  return Array.from({ length: hi - lo }, (_, i) => lo + i);
}
