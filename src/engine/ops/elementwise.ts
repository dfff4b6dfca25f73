// Elementwise ops. Each is defined once: forward (the shape rule is broadcasting, in zip), backward written with
// tensor ops, and its local gradient rule. Backward may return gradients in the broadcast shape: the backward
// walker sums them down to each input's shape.
import { type GradNode, type NonSmoothInfo, type OpDef, apply } from "../autograd";
import { ArgumentError } from "../errors";
import type { Operand, Tensor } from "../tensor";
import { gateLoop, unaryLoop } from "./loops";
import { type OtherAttrs, applyBinary, binaryDef, gate, map, otherOf } from "./operands";

type BinaryNode = GradNode<OtherAttrs>;
type UnaryNode = GradNode<Record<string, never>>;

/**
 * [gradient for input 0, gradient for input 1 when it is a tensor], each computed only when that input requires
 * grad (null otherwise): in `pred.sub(target)` the target's −g would be built and thrown away on every step.
 */
function binaryGrads(node: BinaryNode, dx: () => Tensor, dy: () => Tensor): (Tensor | null)[] {
  const { inputs } = node;
  const gx = inputs[0].requiresGrad ? dx() : null;
  return inputs.length === 1 ? [gx] : [gx, inputs[1].requiresGrad ? dy() : null];
}

const addDef = binaryDef("add", "add passes: dx = g, dy = g", "x + y",
  (g, node) => binaryGrads(node, () => g, () => g));

const subDef = binaryDef("sub", "sub passes and negates: dx = g, dy = −g", "x - y",
  (g, node) => binaryGrads(node, () => g, () => g.neg()));

const mulDef = binaryDef("mul", "mul swaps: dx = y·g, dy = x·g", "x * y",
  (g, node) => {
    const [x] = node.inputs;
    const y = otherOf(node.inputs, node.attrs);
    return binaryGrads(node, () => g.mul(y), () => g.mul(x));
  });

const divDef = binaryDef("div", "div: dx = g / y, dy = −x·g / y²", "x / y",
  (g, node) => {
    const y = otherOf(node.inputs, node.attrs);
    return binaryGrads(node, () => g.div(y), () => g.mul(node.output).div(y).neg());
  });

const powDef = binaryDef("pow", "pow: dx = p·x^(p−1)·g, dp = x^p·ln(x)·g", "Math.pow(x, y)",
  (g, node) => {
    const [x] = node.inputs;
    const p = otherOf(node.inputs, node.attrs);
    const dx = () => {
      if (typeof p !== "number") return g.mul(p).mul(x.pow(p.sub(1)));
      // x^0 is constant: its gradient is 0 even at x = 0, where p·x^(p−1) would be 0·Inf.
      if (p === 0) return g.mul(0);
      // Math.pow(x, 1) is x exactly, so a square (the squared error) skips that whole op: its allocation and pass.
      return g.mul((p === 2 ? x : x.pow(p - 1)).mul(p));
    };
    return binaryGrads(node, dx, () => g.mul(node.output).mul(x.log()));
  });

export const add = (a: Tensor, b: Operand): Tensor => applyBinary(addDef, a, b);
export const sub = (a: Tensor, b: Operand): Tensor => applyBinary(subDef, a, b);
export const mul = (a: Tensor, b: Operand): Tensor => applyBinary(mulDef, a, b);
export const div = (a: Tensor, b: Operand): Tensor => applyBinary(divDef, a, b);
export const pow = (a: Tensor, b: Operand): Tensor => applyBinary(powDef, a, b);

/** A unary op computing `expr` in x. */
function unary(
  name: string, rule: string, expr: string, backward: (g: Tensor, node: UnaryNode) => Tensor,
  nonSmooth?: (node: UnaryNode) => NonSmoothInfo,
): (a: Tensor) => Tensor {
  const loop = unaryLoop(expr);
  const def: OpDef<Record<string, never>> = { name, rule, forward: ([a]) => map(a, loop), backward, nonSmooth };
  return (a) => apply(def, [a], {});
}

/** relu and abs have one kink, at x = 0: region is the sign of x, 0 on the kink. */
function kinkAtZero(node: UnaryNode): NonSmoothInfo {
  const x = node.inputs[0].data;
  const region = new Int32Array(x.length);
  const atPoint: number[] = [];
  for (let i = 0; i < x.length; i++) {
    region[i] = Math.sign(x[i]) || 0;
    if (x[i] === 0) atPoint.push(i);
  }
  return { kind: "kink", region, atPoint };
}

export const neg = unary("neg", "neg: dx = −g", "-x", (g) => g.neg());
export const exp = unary("exp", "exp reuses its output: dx = exp(x)·g", "Math.exp(x)", (g, n) => g.mul(n.output));
export const log = unary("log", "log: dx = g / x", "Math.log(x)", (g, n) => g.div(n.inputs[0]));
export const sqrt = unary("sqrt", "sqrt: dx = g / (2·sqrt(x))", "Math.sqrt(x)", (g, n) => g.div(n.output.mul(2)));
export const tanh = unary("tanh", "tanh: dx = (1 − tanh²(x))·g", "Math.tanh(x)", (g, n) =>
  g.mul(n.output.mul(n.output).neg().add(1)));
// Two forms so exp never overflows: exp(−x) for x ≥ 0, exp(x) below.
export const sigmoid = unary("sigmoid", "sigmoid: dx = σ(x)·(1 − σ(x))·g",
  "x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))", (g, n) => g.mul(n.output.mul(n.output.neg().add(1))));
const positive = gateLoop("x > 0");
// Written as a gate on x > 0 rather than as max(x, 0): the gradient at exactly 0 is 0, as PyTorch. The forward is
// the same gate of x by itself (x where x > 0, else +0, NaN included), branch-free (see gateLoop).
const reluDef: OpDef<Record<string, never>> = {
  name: "relu",
  rule: "relu gates: dx = g where x > 0, else 0 (relu'(0) = 0)",
  forward: ([a]) => gate(a, a, positive),
  backward: (g, n) => gate(g, n.inputs[0], positive),
  nonSmooth: kinkAtZero,
};
export const relu = (a: Tensor): Tensor => apply(reluDef, [a], {});
export const abs = unary("abs", "abs: dx = sign(x)·g (0 at x = 0)", "Math.abs(x)",
  (g, n) => g.mul(n.inputs[0].gt(0).sub(n.inputs[0].lt(0))), kinkAtZero);

export interface ClampBounds {
  min?: number;
  max?: number;
}

// clamp region codes: 0 below min, 1 at min, 2 strictly inside, 3 at max, 4 above max.
function clampRegion(v: number, { min = -Infinity, max = Infinity }: ClampBounds): number {
  if (v < min) return 0;
  if (v === min) return 1;
  if (v < max) return 2;
  return v === max ? 3 : 4;
}

const clampLoop = unaryLoop("Math.min(Math.max(x, p), q)");
const withinBounds = gateLoop("(x >= p) & (x <= q)");
// clamp({ min: 0 }) (a ReLU that keeps NaN) is max(x, +0): x where x > 0 or NaN, else +0, whose bits are all zero,
// so a gate of x by itself does it branch-free (see gateLoop). A min of -0 keeps x = -0: the general loop.
const positiveOrNaN = gateLoop("(x > 0) | (x !== x)");

const clampDef: OpDef<ClampBounds> = {
  name: "clamp",
  rule: "clamp gates: dx = g where min ≤ x ≤ max, else 0",
  // min(max(x, min), max) as PyTorch: NaN stays NaN, and min > max gives max everywhere.
  forward: ([a], { min = -Infinity, max = Infinity }) =>
    Object.is(min, 0) && max === Infinity ? gate(a, a, positiveOrNaN) : map(a, clampLoop, min, max),
  backward: (g, { inputs, attrs: { min = -Infinity, max = Infinity } }) => gate(g, inputs[0], withinBounds, min, max),
  nonSmooth: (n) => {
    const x = n.inputs[0].data;
    const region = new Int32Array(x.length);
    const atPoint: number[] = [];
    for (let i = 0; i < x.length; i++) {
      region[i] = clampRegion(x[i], n.attrs);
      if (region[i] === 1 || region[i] === 3) atPoint.push(i);
    }
    return { kind: "kink", region, atPoint };
  },
};

export function clamp(a: Tensor, bounds: ClampBounds): Tensor {
  const { min, max } = bounds ?? {};
  for (const [k, v] of [["min", min], ["max", max]] as const) {
    if (v !== undefined && typeof v !== "number") {
      throw new ArgumentError(`clamp: ${k} must be a number, got ${typeof v}`);
    }
  }
  if (min === undefined && max === undefined) {
    throw new ArgumentError("clamp: give at least one bound, e.g. clamp({ min: 0 })");
  }
  const attrs: ClampBounds = {};
  if (min !== undefined) attrs.min = min;
  if (max !== undefined) attrs.max = max;
  return apply(clampDef, [a], attrs);
}
