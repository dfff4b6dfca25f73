// The verdict from the measurements alone: pure arithmetic on the numbers a check measured, no engine, no model code.
// The checker in the worker reaches its verdict with these functions as it measures (it needs it to decide what to
// measure next); the host (runner/assemble.ts) reaches it again from the same numbers, in a process the model never
// ran in, and the host's is the report's. A model that bends the worker's built-ins or objects may change what the
// worker concluded, not what the host concludes from what was measured.
import type { CheckReport, Diagnostic, InputResult, ManualResult, OpResult, Shape } from "../protocol";
import { type Comparison, type Tolerances, summarize, withinTolerance } from "./compare";

/**
 * A mismatch this many times the estimated error of its central difference is a wrong gradient (precision.ts says
 * how the estimate is made and why 30).
 */
export const SHARPNESS = 30;

/** A directional comparison: gᵀu against the central difference along u. */
export interface DirectionMeasure {
  analytic: number;
  numeric: number;
  /**
   * What the central difference can be off by (round-off and the spread across step sizes); a mismatch SHARPNESS
   * times past it fails even inside the tolerance. Absent: the tolerance alone judges (the user set one).
   */
  bound?: number;
  /** The direction's perturbation crosses a kink or tie: a failure along it proves nothing. */
  kink?: boolean;
}

/** Beyond what its central difference can be off by, though maybe inside the tolerance. */
export const beyondPrecision = (d: DirectionMeasure) =>
  d.bound !== undefined && Math.abs(d.analytic - d.numeric) > SHARPNESS * d.bound;

export const directionPasses = (d: DirectionMeasure, tol: Tolerances) =>
  withinTolerance(d.analytic, d.numeric, tol) && !beyondPrecision(d);

const asComparison = (d: DirectionMeasure): Comparison => ({ flat: -1, analytic: d.analytic, numeric: d.numeric });
const sizeOf = (shape: Shape) => shape.reduce((a, b) => a * b, 1);

/** What one input's check measured. */
export interface InputEvidence {
  name: string;
  shape: Shape;
  directions: DirectionMeasure[];
  /** Elements compared one by one: autograd's gradient against the central difference. */
  elements: Comparison[];
  /** Flat indices of failing elements left out because their perturbation crosses a kink or tie. */
  excluded: number[];
}

export type InputVerdict = Pick<InputResult, "ok" | "maxAbsError" | "maxRelError" | "worst" | "checked" | "excluded">;

/**
 * An input passes when every element compared (less those across a kink) is within the tolerance and, unless every
 * element was compared (the full check outranks directions), no direction that crosses no kink fails. An input
 * with elements of which nothing was measured fails.
 */
export function judgeInput(e: InputEvidence, tol: Tolerances): InputVerdict {
  const left = new Set(e.excluded);
  const kept = e.elements.filter((c) => !left.has(c.flat));
  const elementwise = summarize(kept, e.shape, tol);
  const wholeInput = e.elements.length === sizeOf(e.shape);
  const smoothFailure = e.directions.some((d) => !d.kink && !directionPasses(d, tol));
  const counted = e.directions.filter((d) => !d.kink || directionPasses(d, tol)).map(asComparison);
  const errors = wholeInput ? elementwise : summarize([...kept, ...counted], e.shape, tol);
  const measured = sizeOf(e.shape) === 0 || e.elements.length + e.directions.length > 0;
  return {
    ok: measured && elementwise.ok && (wholeInput || !smoothFailure),
    maxAbsError: errors.maxAbsError,
    maxRelError: errors.maxRelError,
    worst: elementwise.worst,
    checked: e.elements.length,
    excluded: e.excluded.length,
  };
}

/** What the check of one tensor argument of a custom op measured. */
export interface OpArgumentEvidence {
  label: string;
  shape: Shape;
  /** The backward's gradient had this shape, which does not sum down to the argument's. */
  returnedShape?: Shape;
  directions: DirectionMeasure[];
  /** Elements of the backward's gradient against the reference: autograd of the forward, or central differences. */
  elements: Comparison[];
  reference: "autograd" | "numeric";
}

export interface OpEvidence {
  node: number;
  op: string;
  args: OpArgumentEvidence[];
}

/** Why one argument's gradient is wrong, or undefined when it is right; and its largest relative error. */
function judgeArgument(a: OpArgumentEvidence, tol: Tolerances): { problem?: string; maxRelError: number } {
  if (a.returnedShape) {
    return { problem: `${a.label}: backward returned shape [${a.returnedShape}] for an input of shape [${a.shape}]`, maxRelError: Number.MAX_VALUE };
  }
  const s = summarize([...a.directions.map(asComparison), ...a.elements], a.shape, tol);
  const precise = a.directions.find((d) => withinTolerance(d.analytic, d.numeric, tol) && beyondPrecision(d));
  if (s.ok && !precise) return { maxRelError: s.maxRelError };
  const w = summarize(a.elements, a.shape, tol).worst;
  const by = a.reference === "autograd" ? "autograd of its forward" : "numerically";
  let why = ` (max rel error ${s.maxRelError.toPrecision(3)} along random directions)`;
  if (w && !withinTolerance(w.analytic, w.numeric, tol)) {
    why = ` (worst at [${w.index}]: backward gives ${w.analytic.toPrecision(4)}, ${by} ${w.numeric.toPrecision(4)})`;
  } else if (s.ok && precise) {
    const off = Math.abs(precise.analytic - precise.numeric);
    why = ` (along a random direction it is off by ${off.toPrecision(3)}: inside the tolerance, but ` +
      `${(off / precise.bound!).toPrecision(3)} times what the central difference can be off by)`;
  }
  return { problem: `the gradient for ${a.label} is wrong${why}`, maxRelError: s.maxRelError };
}

/** A custom op's result (its line is the host's to set) and, when it fails, the diagnostic that blames it. */
export function judgeOp(e: OpEvidence, tol: Tolerances): { result: OpResult; diagnostic?: Diagnostic } {
  const judged = e.args.map((a) => judgeArgument(a, tol));
  const problems = judged.flatMap((j) => (j.problem === undefined ? [] : [j.problem]));
  const result: OpResult = { op: e.op, line: 0, ok: problems.length === 0, maxRelError: Math.max(0, ...judged.map((j) => j.maxRelError)) };
  if (result.ok) return { result };
  result.message = `${e.op}.backward: ${problems.join("; ")}`;
  return {
    result,
    diagnostic: {
      severity: "error", code: "custom-backward-mismatch", node: e.node,
      message: `custom op ${e.op}: its backward does not match its forward on the values it saw here: ${problems.join("; ")}`,
    },
  };
}

/** A gradient manualGrads returned (or not) for one input, with autograd's. */
export interface ManualEvidence {
  name: string;
  shape: Shape;
  autograd: ArrayLike<number>;
  returned?: { shape: Shape; values: ArrayLike<number> };
}

export type ManualVerdict = Pick<ManualResult, "ok" | "maxRelError" | "worst">;

export function judgeManual(e: ManualEvidence, tol: Tolerances): ManualVerdict {
  if (!e.returned || e.returned.values.length !== e.autograd.length) return { ok: false, maxRelError: Number.MAX_VALUE, worst: null };
  const { values } = e.returned;
  const comparisons = Array.from(e.autograd, (autograd, flat): Comparison => ({ flat, analytic: values[flat], numeric: autograd }));
  const s = summarize(comparisons, e.shape, tol);
  const sameShape = e.returned.shape.length === e.shape.length && e.returned.shape.every((d, i) => d === e.shape[i]);
  return {
    ok: s.ok && sameShape,
    maxRelError: s.maxRelError,
    worst: s.worst && { index: s.worst.index, manual: s.worst.analytic, autograd: s.worst.numeric },
  };
}

/** Everything a check measured, keyed as its report is: what the host judges again. */
export interface CheckEvidence {
  tolerances: Tolerances;
  inputs: InputEvidence[];
  ops: OpEvidence[];
  manual: ManualEvidence[];
}

/** A check passes when it ran to the end and every input, custom op and manual gradient passed. */
export const checkPasses = (r: Pick<CheckReport, "error" | "inputs" | "ops" | "manual">) =>
  r.error === null && r.inputs.every((i) => i.ok) && r.ops.every((o) => o.ok) && r.manual.every((m) => m.ok);
