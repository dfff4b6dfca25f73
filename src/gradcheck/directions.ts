// Seeded random directions for the fast mode and seeded element samples for auto mode.
import { fillNormal, SplitMix32 } from "../engine/random";

/** A random unit vector (Gaussian, normalised): every element gets a nonzero weight with probability 1. */
export function unitDirection(size: number, seed: number): Float64Array {
  const u = new Float64Array(size);
  fillNormal(u, seed);
  let norm = 0;
  for (let i = 0; i < size; i++) norm += u[i] * u[i];
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < size; i++) u[i] /= norm;
  return u;
}

/**
 * Up to `count` distinct flat indices of an input of `size` elements: half the largest |analytic| gradients (where a
 * wrong rule shows most), the rest uniformly at random, seeded. All indices when `count` ≥ `size`.
 */
export function sampleElements(analytic: ArrayLike<number>, count: number, seed: number): number[] {
  const size = analytic.length;
  if (count >= size) return Array.from({ length: size }, (_, i) => i);
  const chosen = new Set(largestMagnitudes(analytic, Math.ceil(count / 2)));
  const g = new SplitMix32(seed);
  while (chosen.size < count) chosen.add(Math.floor(g.uniform() * size));
  return [...chosen].sort((a, b) => a - b);
}

/** Indices of the k largest |values| (ties: lower index first), in one pass: k is small, inputs may be large. */
function largestMagnitudes(values: ArrayLike<number>, k: number): number[] {
  const top: number[] = [];
  const mag = (i: number) => Math.abs(values[i]);
  for (let i = 0; i < values.length; i++) {
    if (top.length === k && !(mag(i) > mag(top[k - 1]))) continue;
    if (top.length === k) top.pop();
    let at = top.length;
    while (at > 0 && mag(i) > mag(top[at - 1])) at--;
    top.splice(at, 0, i);
  }
  return top;
}
