// Blame: each custom op's hand-written backward checked on its own, on the exact values it saw in the model.
// With a random upstream gradient g, the op's backward must give ∂(gᵀ·forward)/∂arg for every tensor argument;
// we compare that with central differences of gᵀ·forward (along random directions, and element by element for
// small arguments so the message can name the element).
import { type TapeNode, Tensor, makeCtx, noGrad } from "../engine/internal";
import { fillNormal } from "../engine/random";
import { reducibleTo, sameShape, sumToShape } from "../engine/shapes";
import type { Diagnostic, OpResult } from "../protocol";
import { type Comparison, summarize } from "./compare";
import { unitDirection } from "./directions";
import { type Probe, directionalDerivative, dot, partialDerivative } from "./numeric";
import type { Settings } from "./settings";

const DIRECTIONS = 3;
/** Arguments up to this size are also checked element by element, to name the worst element. */
const ELEMENTWISE_LIMIT = 256;

export interface CustomOpCheck {
  result: OpResult;
  diagnostic?: Diagnostic;
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
  let worstRel = 0;
  const problems: string[] = [];
  tensorArgs.forEach((t, k) => {
    const analytic = gradientFor(t, grads[k]);
    if (!analytic) {
      problems.push(`${inputLabels[k]}: backward returned shape [${grads[k]!.shape}] for an input of shape [${t.shape}]`);
      worstRel = Number.MAX_VALUE;
      return;
    }
    const comparisons: Comparison[] = [];
    for (let d = 0; d < DIRECTIONS; d++) {
      const u = unitDirection(t.size, settings.seed + 31 * node.id + 7 * k + d);
      comparisons.push({ flat: -1, analytic: dot(analytic, u), numeric: directionalDerivative(probe, k, u, settings.eps) });
    }
    const elementwise: Comparison[] = [];
    if (t.size <= ELEMENTWISE_LIMIT) {
      for (let flat = 0; flat < t.size; flat++) {
        elementwise.push({ flat, analytic: analytic[flat], numeric: partialDerivative(probe, k, flat, settings.eps) });
      }
    }
    const s = summarize([...comparisons, ...elementwise], [...t.shape], settings);
    worstRel = Math.max(worstRel, s.maxRelError);
    if (s.ok) return;
    const w = summarize(elementwise, [...t.shape], settings).worst;
    problems.push(
      `the gradient for ${inputLabels[k]} is wrong` +
        (w ? ` (worst at [${w.index}]: backward gives ${w.analytic.toPrecision(4)}, numerically ${w.numeric.toPrecision(4)})` :
          ` (max rel error ${s.maxRelError.toPrecision(3)} along random directions)`),
    );
  });

  const ok = problems.length === 0;
  const result: OpResult = { op: node.op, line: 0, ok, maxRelError: worstRel };
  if (ok) return { result };
  result.message = `${node.op}.backward: ${problems.join("; ")}`;
  return {
    result,
    diagnostic: {
      severity: "error", code: "custom-backward-mismatch", node: node.id,
      message: `custom op ${node.op}: its backward does not match its forward on the values it saw here: ${problems.join("; ")}`,
    },
  };
}
