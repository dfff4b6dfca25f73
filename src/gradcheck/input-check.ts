// Autograd against numerical differentiation for one input, in the mode chosen for the check.
//   full: every element by central differences.
//   fast: DIRECTIONS seeded random unit vectors u: the directional derivative (f(x+eps·u) − f(x−eps·u)) / 2eps
//         against gᵀu (the checked function is the scalar forward(...).sum(), so vᵀJu has v = 1); a failing
//         direction falls back to elementwise checks on this input to name the worst element (all elements of
//         small inputs; a sample plus the block bisection blames for large ones).
//   auto beyond full's budget: fast plus SAMPLE elements checked one by one (the largest gradients and random ones).
// A direction fails when it is outside the tolerance, and also when it is inside it but far outside what a float64
// central difference can be off by (precision.ts): a few wrong elements of a large input move gᵀu by less than rtol.
// Elements whose perturbation crosses a kink or tie are left out of the verdict (see kinks.ts), nothing else is.
import type { InputResult, Shape } from "../protocol";
import { type Comparison, withinTolerance } from "./compare";
import { sampleElements, unitDirection } from "./directions";
import { localizeError } from "./localize";
import { type Probe, centralDifference, dot, partialDerivative } from "./numeric";
import { errorBound, magnitudeOfDot } from "./precision";
import type { Settings } from "./settings";
import { type DirectionMeasure, type InputEvidence, beyondPrecision, judgeInput } from "./verdict";

const DIRECTIONS = 3;
/** Elements checked one by one in auto mode, per input, when the full check is too expensive. */
const SAMPLE = 8;
/**
 * The fallback checks every element of inputs up to this size; of larger ones, a sample of FALLBACK_SAMPLE elements
 * plus the block that bisection along the failing direction blames (localize.ts).
 */
const FALLBACK_ALL = 4096;
const FALLBACK_SAMPLE = 256;

/** Tells which non-smooth nodes change piece between two perturbed runs; empty when none does. */
export interface KinkProbe {
  crossingsAtElement(input: number, flat: number): number[];
  crossingsAlong(input: number, u: Float64Array): number[];
}

export interface InputCheck {
  result: InputResult;
  /** What was measured (its elements also make the error map), from which `result`'s verdict follows (verdict.ts). */
  evidence: InputEvidence;
  /** Node id → how many excluded elements crossed that node's kink or tie. */
  crossedNodes: Map<number, number>;
  /** Directions inside the tolerance that the estimate of their numerical error proved wrong. */
  precise: PreciseMismatch[];
  /** Set when there were such directions but no compared element failed: true when every element was compared. */
  preciseOverruled?: boolean;
}

/** A direction whose mismatch is inside the tolerance but SHARPNESS times past its central difference's error. */
export interface PreciseMismatch extends Comparison {
  estimate: number;
}

export interface InputToCheck {
  index: number;
  name: string;
  shape: Shape;
  analytic: ArrayLike<number>;
}

function compareElements(
  probe: Probe, input: InputToCheck, flats: Iterable<number>, eps: number,
): Comparison[] {
  const out: Comparison[] = [];
  for (const flat of flats) {
    out.push({ flat, analytic: input.analytic[flat], numeric: partialDerivative(probe, input.index, flat, eps) });
  }
  return out;
}

/** The flat indices of the failing elements whose perturbation crosses a kink or tie, counted per node crossed. */
function crossingElements(
  comparisons: Comparison[], input: InputToCheck, settings: Settings, kinks: KinkProbe, crossed: Map<number, number>,
): number[] {
  const excluded: number[] = [];
  for (const c of comparisons) {
    if (withinTolerance(c.analytic, c.numeric, settings)) continue;
    const nodes = kinks.crossingsAtElement(input.index, c.flat);
    if (nodes.length === 0) continue;
    nodes.forEach((n) => crossed.set(n, (crossed.get(n) ?? 0) + 1));
    excluded.push(c.flat);
  }
  return excluded;
}

interface DirectionsVerdict {
  /** Some direction disagreed (across a kink or not): the elementwise fallback runs. */
  failed: boolean;
  measures: DirectionMeasure[];
  /** On a large input, the block of elements bisection blames for the first smooth failure. */
  blamed: number[];
  /** Directions inside the tolerance but far outside the estimated error of their central difference. */
  precise: PreciseMismatch[];
  /** The largest estimated error of a direction's central difference, where one was estimated. */
  estimate?: number;
}

function checkDirections(probe: Probe, input: InputToCheck, settings: Settings, kinks: KinkProbe): DirectionsVerdict {
  const size = input.analytic.length;
  const verdict: DirectionsVerdict = { failed: false, measures: [], blamed: [], precise: [] };
  let localized = false;
  for (let k = 0; k < DIRECTIONS; k++) {
    const u = unitDirection(size, settings.seed * 7919 + input.index * 101 + k);
    const at = centralDifference(probe, input.index, u, settings.eps);
    const c = { flat: -1, analytic: dot(input.analytic, u), numeric: at.derivative };
    const measure: DirectionMeasure = { analytic: c.analytic, numeric: c.numeric };
    verdict.measures.push(measure);
    if (withinTolerance(c.analytic, c.numeric, settings)) {
      if (settings.unitRoundoff === undefined) continue;
      const { bound, estimated } = errorBound(probe, input.index, u, settings.eps, measure, at, magnitudeOfDot(input.analytic, u), settings.unitRoundoff);
      measure.bound = bound;
      if (estimated) verdict.estimate = Math.max(verdict.estimate ?? 0, bound);
      if (!beyondPrecision(measure)) continue;
      verdict.precise.push({ ...c, estimate: bound });
    }
    verdict.failed = true;
    if (kinks.crossingsAlong(input.index, u).length > 0) {
      measure.kink = true;
      continue;
    }
    if (!localized && size > FALLBACK_ALL) {
      verdict.blamed = localizeError(probe, input.index, input.analytic, u, c.numeric - c.analytic, settings.eps);
    }
    localized = true;
  }
  return verdict;
}

export function checkInput(
  probe: Probe, input: InputToCheck, mode: "full" | "fast" | "sampled", settings: Settings, kinks: KinkProbe,
): InputCheck {
  const size = input.analytic.length;
  const seed = settings.seed + input.index;
  const directions = mode === "full" ? undefined : checkDirections(probe, input, settings, kinks);
  let flats: Iterable<number> = [];
  if (!directions) {
    flats = Array.from({ length: size }, (_, i) => i);
  } else if (directions.failed) {
    flats = new Set([...sampleElements(input.analytic, size <= FALLBACK_ALL ? size : FALLBACK_SAMPLE, seed), ...directions.blamed]);
  } else if (mode === "sampled") {
    flats = sampleElements(input.analytic, SAMPLE, seed);
  }

  const crossed = new Map<number, number>();
  const comparisons = compareElements(probe, input, flats, settings.eps);
  const evidence: InputEvidence = {
    name: input.name, shape: [...input.shape], directions: directions?.measures ?? [], elements: comparisons,
    excluded: crossingElements(comparisons, input, settings, kinks, crossed),
  };
  const verdict = judgeInput(evidence, settings);
  // The worst element ranks by how far past its tolerance it is: when it is within, every compared element is.
  const elementsOk = verdict.worst === null || withinTolerance(verdict.worst.analytic, verdict.worst.numeric, settings);
  return {
    result: {
      name: input.name,
      shape: [...input.shape],
      ...verdict,
      ...(directions ? { directions: DIRECTIONS } : {}),
      ...(directions?.estimate !== undefined ? { differenceError: directions.estimate } : {}),
    },
    evidence,
    crossedNodes: crossed,
    precise: directions?.precise ?? [],
    ...(directions?.precise.length && elementsOk ? { preciseOverruled: comparisons.length === size } : {}),
  };
}
