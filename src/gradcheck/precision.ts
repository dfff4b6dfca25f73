// How precisely a directional central difference measures vᵀJu, so a mismatch far above that is a bug even when it
// sits inside the user's rtol. A direction averages a wrong element's error over the whole input (one wrong element
// of 100,000 moves gᵀu by a few 1e-4), but a float64 difference along it is good to about 1e-8: the tolerance alone
// would pass what the arithmetic has already proved wrong.
//
// The error of D(eps) = (f(x+eps·u) − f(x−eps·u)) / 2eps has two parts:
//   round-off: f is known to a few units in the last place of |f|, and the division by 2eps magnifies it;
//              gᵀu carries the round-off of the backward and of the dot product;
//   the rest (truncation, any noise the round-off bound misses): D(eps/2) and D(2eps) agree with D(eps) to O(eps²)
//              on a smooth f, and noise does not agree with itself across step sizes, so their spread is its scale.
// The estimate is the largest of these; a mismatch more than SHARPNESS times it fails (verdict.ts). Pure noise
// passes 30 times its estimate with a chance of about 6e-5 per direction (simulated: three differences must agree
// with each other 30 times better than with gᵀu), and the round-off floor makes even that rarer; a wrong element of a
// 100,000-element input that is 5% off shows about 150 times the noise in the contract's two-layer net.
import type { Diagnostic } from "../protocol";
import type { Comparison } from "./compare";
import { type CentralDifference, type Probe, directionalDerivative } from "./numeric";
import { type DirectionMeasure, beyondPrecision } from "./verdict";
/**
 * The round-off floor: f is known to about this many units in the last place of |f| (measured: 2 to 4 in the
 * two-layer net), gᵀu likewise. A floor, not a bound: noise beyond it (f much smaller than its terms) shows in the
 * spread across step sizes instead.
 */
const ULPS = 4;

/** The unit round-off of the arithmetic the forward pass ran in. */
export const UNIT_ROUNDOFF = { float64: Number.EPSILON, float32: 2 ** -23 } as const;

function roundoff(at: CentralDifference, analyticMagnitude: number, eps: number, unit: number): number {
  return ULPS * unit * (Math.max(Math.abs(at.plus), Math.abs(at.minus)) / eps + analyticMagnitude);
}

/**
 * What the central difference along a direction the tolerance passed can be off by: the round-off floor when the
 * mismatch is well within it (costs nothing), else the estimate from four more forward passes (`estimated`).
 * `unit` is the forward's unit round-off; `analyticMagnitude` is Σ|gᵢuᵢ|. verdict.ts judges the direction by it.
 */
export function errorBound(
  probe: Probe, input: number, u: Float64Array, eps: number,
  d: DirectionMeasure, at: CentralDifference, analyticMagnitude: number, unit: number,
): { bound: number; estimated: boolean } {
  const floor = roundoff(at, analyticMagnitude, eps, unit);
  if (!beyondPrecision({ ...d, bound: floor })) return { bound: floor, estimated: false };
  const narrow = directionalDerivative(probe, input, u, eps / 2);
  const wide = directionalDerivative(probe, input, u, eps * 2);
  return { bound: Math.max(floor, Math.abs(narrow - at.derivative), Math.abs(wide - at.derivative)), estimated: true };
}

export function magnitudeOfDot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] * b[i]);
  return s;
}

const fmt = (x: number) => x.toPrecision(3);

/**
 * Says why a direction inside the tolerance failed: by how much the two sides differ, and how that compares with
 * what the central difference can be off by. `overruled`: every element was compared too and none failed, so the
 * wrong part is below the tolerance element by element; then this is a hint, not the verdict.
 */
export function preciseDiagnostic(
  input: string, node: number | undefined, worst: Comparison & { estimate: number }, overruled: boolean, unit: number,
): Diagnostic {
  const diff = Math.abs(worst.analytic - worst.numeric);
  const rel = diff / Math.max(Math.abs(worst.analytic), Math.abs(worst.numeric));
  const arithmetic = unit === UNIT_ROUNDOFF.float32 ? "float32" : "float64";
  const measured = `along a random direction, autograd's gradient of ${input} gives ${worst.analytic.toPrecision(8)} and ` +
    `central differences ${worst.numeric.toPrecision(8)}: ${fmt(diff)} apart (relative ${fmt(rel)}), inside the ` +
    `tolerance, but ${fmt(diff / worst.estimate)} times the error the difference can have in ${arithmetic} ` +
    `(estimated ${fmt(worst.estimate)} from round-off and from steps eps/2 and 2eps)`;
  return overruled
    ? {
      severity: "info", code: "precise-mismatch", ...(node === undefined ? {} : { node }),
      message: `${measured}. Every element of ${input} is inside the tolerance, so some are off by less than it.`,
    }
    : {
      severity: "error", code: "precise-mismatch", ...(node === undefined ? {} : { node }),
      message: `${measured}: a wrong gradient in a few elements, not noise. Pass atol or rtol to judge ${input} ` +
        "by the tolerance alone.",
    };
}
