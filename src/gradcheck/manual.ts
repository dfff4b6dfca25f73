// manualGrads against autograd, input by input, with a hint when the difference has a recognisable pattern.
import type { Tape, TapeNode } from "../engine/internal";
import { sameShape } from "../engine/shapes";
import type { Diagnostic, ManualResult, Shape } from "../protocol";
import { type Comparison, summarize } from "./compare";
import { type ActivationDerivative, type HintContext, recognizeMistake } from "./hints";
import type { Settings } from "./settings";

/**
 * Ops that build a ReLU mask in a hand-written backward (grad·(h > 0)). relu and clamp do not count: inside
 * manualGrads they almost always recompute the forward's activations.
 */
const MASKING_OPS = new Set(["gt", "ge", "lt", "le", "eq"]);

/** Local derivatives of the smooth activations in the forward, for the "extra activation-derivative" hint. */
function activationDerivatives(forward: Tape): ActivationDerivative[] {
  const out: ActivationDerivative[] = [];
  for (const n of forward.nodes) {
    const y = n.tensor.data;
    if (n.op === "sigmoid") {
      out.push({ description: `σ'(z) = s·(1 − s) of the sigmoid (node ${n.id})`, values: Array.from(y, (s) => s * (1 - s)) });
    } else if (n.op === "tanh") {
      out.push({ description: `tanh'(z) = 1 − t² (node ${n.id})`, values: Array.from(y, (t) => 1 - t * t) });
    }
  }
  return out;
}

export function hintContext(forward: Tape, manual: Tape): HintContext {
  const forwardRectifies = forward.nodes.some((n) => n.op === "relu" || n.op === "clamp");
  const manualMasks = manual.nodes.some((n) => MASKING_OPS.has(n.op));
  return { activations: activationDerivatives(forward), unmaskedRelu: forwardRectifies && !manualMasks };
}

export interface ManualCheck {
  results: ManualResult[];
  diagnostics: Diagnostic[];
  manualReturned: { input: string; node: number }[];
}

export interface AutogradGradient {
  name: string;
  shape: Shape;
  values: ArrayLike<number>;
}

interface ReturnedTensor {
  data: ArrayLike<number>;
  shape: readonly number[];
}

function compareOne(
  grad: AutogradGradient, returned: ReturnedTensor, context: HintContext, settings: Settings,
): ManualResult {
  const hint = () =>
    recognizeMistake({ values: returned.data, shape: [...returned.shape] }, grad, context, settings);
  if (returned.data.length !== grad.values.length) {
    return { name: grad.name, ok: false, maxRelError: Number.MAX_VALUE, worst: null, hint: hint() };
  }
  const comparisons: Comparison[] = Array.from(grad.values, (autograd, flat) => ({
    flat, analytic: returned.data[flat], numeric: autograd,
  }));
  const s = summarize(comparisons, grad.shape, settings);
  const ok = s.ok && sameShape(returned.shape, grad.shape);
  return {
    name: grad.name,
    ok,
    maxRelError: s.maxRelError,
    worst: s.worst && { index: s.worst.index, manual: s.worst.analytic, autograd: s.worst.numeric },
    ...(ok ? {} : { hint: hint() }),
  };
}

export function compareManual(
  grads: AutogradGradient[], returned: Record<string, ReturnedTensor | null | undefined>,
  manualTape: Tape, context: HintContext, settings: Settings,
): ManualCheck {
  const results: ManualResult[] = [];
  const diagnostics: Diagnostic[] = [];
  const manualReturned: { input: string; node: number }[] = [];
  const nodeOf = new Map<unknown, TapeNode>(manualTape.nodes.map((n) => [n.tensor, n]));
  for (const grad of grads) {
    const r = returned[grad.name];
    const node = r ? nodeOf.get(r) : undefined;
    if (node) manualReturned.push({ input: grad.name, node: node.id });
    const result: ManualResult = r ? compareOne(grad, r, context, settings)
      : { name: grad.name, ok: false, maxRelError: Number.MAX_VALUE, worst: null, hint: `manualGrads returned no gradient for ${grad.name}` };
    results.push(result);
    if (!result.ok) {
      const w = result.worst;
      diagnostics.push({
        severity: "error", code: "manual-grad-mismatch", manualNode: node?.id,
        message: `manual gradient of ${grad.name} differs from autograd` +
          (result.maxRelError < Number.MAX_VALUE ? ` (max rel error ${result.maxRelError.toPrecision(3)})` : "") +
          (w ? `, worst at [${w.index}]: manual ${w.manual.toPrecision(4)}, autograd ${w.autograd.toPrecision(4)}` : "") +
          (result.hint ? `. Hint: ${result.hint}` : ""),
      });
    }
  }
  return { results, diagnostics, manualReturned };
}
