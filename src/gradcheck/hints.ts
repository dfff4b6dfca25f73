// Recognising the usual mistakes in a hand-derived gradient from how it differs from autograd's.
// Everything here works on plain row-major arrays, so each pattern is testable without running a model.
import type { Shape } from "../protocol";
import type { Tolerances } from "./compare";
import { withinTolerance } from "./compare";

export interface GradientValues {
  values: ArrayLike<number>;
  shape: Shape;
}

/** An activation in the forward pass whose local derivative may have been multiplied in once too often. */
export interface ActivationDerivative {
  /** e.g. "σ'(z) = s·(1 − s) of sigmoid" */
  description: string;
  values: ArrayLike<number>;
}

export interface HintContext {
  activations: ActivationDerivative[];
  /** The forward applies relu/clamp, and manualGrads builds no mask (no comparison such as h > 0). */
  unmaskedRelu: boolean;
}

function allClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: Tolerances): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!withinTolerance(a[i], b[i], tol)) return false;
  return true;
}

const scaled = (v: ArrayLike<number>, c: number) => Array.from(v, (x) => x * c);

/** The c that best fits manual ≈ c·autograd (least squares), if it fits every element. */
function constantFactor(manual: ArrayLike<number>, autograd: ArrayLike<number>, tol: Tolerances): number | null {
  let mg = 0;
  let gg = 0;
  for (let i = 0; i < autograd.length; i++) {
    mg += manual[i] * autograd[i];
    gg += autograd[i] * autograd[i];
  }
  if (gg === 0) return null;
  const c = mg / gg;
  return allClose(manual, scaled(autograd, c), tol) ? c : null;
}

function describeFactor(c: number): string {
  const near = (x: number) => Math.abs(c - x) <= 1e-6 * Math.max(1, Math.abs(x));
  if (near(-1)) return "the sign is flipped: manual = −autograd (a subtraction the wrong way round, e.g. y − ŷ for ŷ − y)";
  if (near(0.5)) return "a factor 2 is missing: manual = autograd / 2 (the derivative of x² is 2x)";
  if (near(2)) return "an extra factor 2: manual = 2 · autograd";
  const inverse = Math.round(1 / c);
  if (Math.abs(inverse) >= 3 && near(1 / inverse)) {
    return `a constant factor ${inverse} is missing: manual = autograd / ${inverse} (a mean's 1/n, or a power's exponent?)`;
  }
  return `off by a constant factor: manual ≈ ${Number(c.toPrecision(4))} · autograd`;
}

function transposed(g: GradientValues): number[] | null {
  if (g.shape.length !== 2) return null;
  const [rows, cols] = g.shape;
  const out = new Array<number>(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = g.values[r * cols + c];
  return out;
}

/** Every disagreement sits where autograd is exactly 0 and the manual gradient is not: a mask was not applied. */
function onlyMaskedElementsDiffer(manual: ArrayLike<number>, autograd: ArrayLike<number>, tol: Tolerances): boolean {
  let differs = 0;
  for (let i = 0; i < autograd.length; i++) {
    if (withinTolerance(manual[i], autograd[i], tol)) continue;
    if (autograd[i] !== 0) return false;
    differs++;
  }
  return differs > 0;
}

/** A sentence naming the likely mistake, or undefined when the difference fits no known pattern. */
export function recognizeMistake(
  manual: GradientValues,
  autograd: GradientValues,
  context: HintContext,
  tol: Tolerances,
): string | undefined {
  const sameSize = manual.values.length === autograd.values.length;
  const t = transposed(manual);
  if (t && sameSize && allClose(t, autograd.values, tol)) {
    return `transposed: manual has shape [${manual.shape}] and equals the transpose of autograd's [${autograd.shape}] (use xᵀ·δ, not δᵀ·x)`;
  }
  if (!sameSize) {
    return `shape [${manual.shape}] does not match the input's shape [${autograd.shape}]`;
  }
  const c = constantFactor(manual.values, autograd.values, tol);
  if (c !== null && !withinTolerance(c, 1, tol)) return describeFactor(c);
  for (const act of context.activations) {
    if (act.values.length !== autograd.values.length) continue;
    const withFactor = Array.from(autograd.values, (g, i) => g * act.values[i]);
    if (allClose(manual.values, withFactor, tol)) {
      return `an extra activation-derivative factor: manual = autograd · ${act.description}; with cross-entropy on a sigmoid/softmax the delta is already p − y`;
    }
  }
  if (onlyMaskedElementsDiffer(manual.values, autograd.values, tol)) {
    return "a missing ReLU mask: the values differ only where autograd's gradient is 0 (units with input ≤ 0 pass no gradient)";
  }
  if (context.unmaskedRelu) {
    return "a missing ReLU mask? The forward pass applies relu/clamp but manualGrads never masks the gradient (multiply by (h > 0))";
  }
  return undefined;
}
