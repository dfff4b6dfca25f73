// manualGrads against autograd, input by input, with a hint when the difference has a recognisable pattern.
import type { Tape, TapeNode } from "../engine/internal";
import type { Diagnostic, ManualResult, Shape } from "../protocol";
import { type ActivationDerivative, type HintContext, recognizeMistake } from "./hints";
import type { Settings } from "./settings";
import { type ManualEvidence, judgeManual } from "./verdict";

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
  evidence: ManualEvidence[];
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

function compareOne(evidence: ManualEvidence, context: HintContext, settings: Settings): ManualResult {
  const verdict = judgeManual(evidence, settings);
  const { name, shape, autograd, returned } = evidence;
  if (verdict.ok || !returned) return { name, ...verdict };
  const hint = recognizeMistake({ values: returned.values, shape: returned.shape }, { shape, values: autograd }, context, settings);
  return { name, ...verdict, hint };
}

export function compareManual(
  grads: AutogradGradient[], returned: Record<string, ReturnedTensor | null | undefined>,
  manualTape: Tape, context: HintContext, settings: Settings,
): ManualCheck {
  const results: ManualResult[] = [];
  const evidence: ManualEvidence[] = [];
  const diagnostics: Diagnostic[] = [];
  const manualReturned: { input: string; node: number }[] = [];
  const nodeOf = new Map<unknown, TapeNode>(manualTape.nodes.map((n) => [n.tensor, n]));
  for (const grad of grads) {
    const r = returned[grad.name];
    const node = r ? nodeOf.get(r) : undefined;
    if (node) manualReturned.push({ input: grad.name, node: node.id });
    const e: ManualEvidence = {
      name: grad.name, shape: grad.shape, autograd: grad.values, ...(r ? { returned: { shape: [...r.shape], values: r.data } } : {}),
    };
    evidence.push(e);
    const result: ManualResult = r ? compareOne(e, context, settings)
      : { name: grad.name, ...judgeManual(e, settings), hint: `manualGrads returned no gradient for ${grad.name}` };
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
  return { results, evidence, diagnostics, manualReturned };
}
