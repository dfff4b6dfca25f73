// Blame: each custom op's hand-written backward checked on its own, on the exact values it saw in the model.
// With a random upstream gradient g, the op's backward must give ∂(gᵀ·forward)/∂arg for every tensor argument.
// When the op's forward is made of engine ops, the engine's own autograd of it is that gradient exactly (one more
// forward and backward), so every element is compared with it, however large the argument: one wrong element of
// 100,000 is named. The reference is trusted only if central differences of gᵀ·forward along random directions agree
// with it; otherwise (a forward that computes on .data, or calls another custom op) the backward is compared with
// central differences: along random directions, element by element for small arguments, and for large ones in the
// block that bisection along a failing direction blames.
import { type TapeNode, Tensor, makeCtx, noGrad, recordTape } from "../engine/internal";
import { fillNormal } from "../engine/random";
import { reducibleTo, sameShape, sumToShape } from "../engine/shapes";
import type { Diagnostic, OpResult } from "../protocol";
import { type Comparison, withinTolerance } from "./compare";
import { unitDirection } from "./directions";
import { localizeError } from "./localize";
import { type Probe, centralDifference, dot, partialDerivative } from "./numeric";
import { errorBound, magnitudeOfDot } from "./precision";
import type { Settings } from "./settings";
import { type DirectionMeasure, type OpArgumentEvidence, type OpEvidence, directionPasses, judgeOp } from "./verdict";

const DIRECTIONS = 3;
/** Arguments up to this size are also checked element by element, to name the worst element. */
const ELEMENTWISE_LIMIT = 256;

export interface CustomOpCheck {
  result: OpResult;
  diagnostic?: Diagnostic;
  evidence: OpEvidence;
}

function randomLike(size: number, shape: readonly number[], seed: number): Tensor {
  const g = new Float64Array(size);
  fillNormal(g, seed);
  return Tensor.fromData(g, [...shape]);
}

/** The gradient as the backward walker would apply it: summed down from a broadcast shape; null if it cannot be. */
function gradientFor(input: Tensor, grad: Tensor | null | undefined): ArrayLike<number> | null {
  if (!grad) return new Float64Array(input.size);
  if (sameShape(grad.shape, input.shape)) return grad.data;
  return reducibleTo(grad.shape, input.shape) ? sumToShape(grad.data, grad.shape, input.shape) : null;
}

/**
 * ∂(gᵀ·forward)/∂arg for each tensor argument by the engine's autograd, or null when forward is not made of engine
 * ops alone (its result is not connected to the arguments, or it calls a custom op, whose backward is on trial too).
 */
function autogradReference(node: TapeNode, g: Tensor): Float64Array[] | null {
  const { def, callArgs } = node.custom!;
  const args = callArgs.map((a) => (a instanceof Tensor ? new Tensor(Float64Array.from(a.data), [...a.shape], true) : a));
  const leaves = args.filter((a): a is Tensor => a instanceof Tensor);
  let out: unknown;
  let tape;
  try {
    ({ result: out, tape } = recordTape(() => def.forward(makeCtx(), ...args)));
  } catch {
    return null;
  }
  if (!(out instanceof Tensor) || !out.requiresGrad || tape.nodes.some((n) => n.kind === "custom")) return null;
  if (out.size !== g.size) return null;
  out.backward(Tensor.fromData(g.data, [...out.shape]));
  return leaves.map((t) => (t.grad ? Float64Array.from(t.grad.data) : new Float64Array(t.size)));
}

/** Every element of the backward's gradient against autograd's; the comparisons, worst first if any fails. */
function compareWithReference(analytic: ArrayLike<number>, reference: Float64Array): Comparison[] {
  return Array.from(reference, (r, flat) => ({ flat, analytic: analytic[flat], numeric: r }));
}

export function checkCustomOp(node: TapeNode, settings: Settings): CustomOpCheck {
  const { def, callArgs, inputLabels } = node.custom!;
  // float64 copies of the tensor arguments (perturbed in place below); other arguments as they were.
  const args = callArgs.map((a) => (a instanceof Tensor ? Tensor.fromData(a.data, [...a.shape]) : a));
  const tensorArgs = args.filter((a): a is Tensor => a instanceof Tensor);
  const run = () => noGrad(() => def.forward(makeCtx(), ...args));

  const ctx = makeCtx();
  const out = noGrad(() => def.forward(ctx, ...args));
  const g = randomLike(out.size, out.shape, settings.seed + node.id);
  const raw = noGrad(() => def.backward(ctx, g));
  const grads = Array.isArray(raw) ? raw : [raw];

  const probe: Probe = { data: tensorArgs.map((t) => t.data as Float64Array), evaluate: () => dot(run().data, g.data) };
  const reference = autogradReference(node, g);
  const evidence: OpEvidence = { node: node.id, op: node.op, args: [] };
  tensorArgs.forEach((t, k) => {
    const arg: OpArgumentEvidence = {
      label: inputLabels[k], shape: [...t.shape], directions: [], elements: [], reference: reference ? "autograd" : "numeric",
    };
    evidence.args.push(arg);
    const analytic = gradientFor(t, grads[k]);
    if (!analytic) {
      arg.returnedShape = [...grads[k]!.shape];
      return;
    }
    let failing: { u: Float64Array; error: number } | undefined;
    for (let d = 0; d < DIRECTIONS; d++) {
      const u = unitDirection(t.size, settings.seed + 31 * node.id + 7 * k + d);
      const at = centralDifference(probe, k, u, settings.eps);
      const measure: DirectionMeasure = { analytic: dot(analytic, u), numeric: at.derivative };
      arg.directions.push(measure);
      if (reference && !withinTolerance(dot(reference[k], u), at.derivative, settings)) arg.reference = "numeric";
      // A direction the tolerance passes but the precision of its difference does not is a failure too.
      if (withinTolerance(measure.analytic, measure.numeric, settings) && settings.unitRoundoff !== undefined) {
        measure.bound = errorBound(probe, k, u, settings.eps, measure, at, magnitudeOfDot(analytic, u), settings.unitRoundoff).bound;
      }
      if (!directionPasses(measure, settings)) failing ??= { u, error: measure.numeric - measure.analytic };
    }
    const numericAt = (flat: number): Comparison =>
      ({ flat, analytic: analytic[flat], numeric: partialDerivative(probe, k, flat, settings.eps) });
    if (arg.reference === "autograd") arg.elements = compareWithReference(analytic, reference![k]);
    else if (t.size <= ELEMENTWISE_LIMIT) arg.elements = Array.from({ length: t.size }, (_, flat) => numericAt(flat));
    // Too large to difference every element: bisection along the failing direction finds the block to compare.
    else if (failing) arg.elements = localizeError(probe, k, analytic, failing.u, failing.error, settings.eps).map(numericAt);
  });
  return { ...judgeOp(evidence, settings), evidence };
}
