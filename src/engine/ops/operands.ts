// How elementwise ops take their operands: a tensor and either another tensor or a plain number. A number is
// kept in the node's attrs (attrs.other), not as a graph input, so the graph shows it as an argument.
import { type GradNode, type OpDef, apply } from "../autograd";
import { ArgumentError, fmtShape } from "../errors";
import { broadcastIndex, broadcastShapes } from "../shapes";
import { type Operand, Tensor, alloc, promote } from "../tensor";

export interface OtherAttrs {
  other?: number;
}

export function applyBinary(def: OpDef<OtherAttrs>, a: Tensor, b: Operand): Tensor {
  if (typeof b === "number") return apply(def, [a], { other: b });
  if (!(b instanceof Tensor)) {
    throw new ArgumentError(`${def.name}: the other operand must be a Tensor or a number, got ${describe(b)}`);
  }
  return apply(def, [a, b], {});
}

export function describe(v: unknown): string {
  if (v instanceof Tensor) return `a tensor of shape ${fmtShape(v.shape)}`;
  if (Array.isArray(v)) return "an array (wrap it with tensor(...))";
  return v === null ? "null" : typeof v;
}

/** The second operand of a binary node: the tensor input, or the number kept in attrs. */
export function otherOf(inputs: Tensor[], attrs: OtherAttrs): Operand {
  return inputs.length > 1 ? inputs[1] : attrs.other!;
}

/** A binary elementwise op: f over broadcast operands; no backward makes it non-differentiable. */
export function binaryDef(
  name: string, rule: string, f: (x: number, y: number) => number,
  backward?: (g: Tensor, node: GradNode<OtherAttrs>) => Tensor[],
): OpDef<OtherAttrs> {
  return { name, rule, forward: (inputs, attrs) => zip(name, inputs[0], otherOf(inputs, attrs), f), backward };
}

/** Elementwise f over a and b with NumPy broadcasting; fast loops for equal shapes and a number operand. */
export function zip(op: string, a: Tensor, b: Operand, f: (x: number, y: number) => number): Tensor {
  const x = a.data;
  if (typeof b === "number") {
    const out = alloc(a.dtype, a.shape);
    for (let i = 0; i < out.length; i++) out[i] = f(x[i], b);
    return new Tensor(out, a.shape);
  }
  const y = b.data;
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = alloc(promote(a, b), shape);
  const ia = broadcastIndex(shape, a.shape);
  const ib = broadcastIndex(shape, b.shape);
  if (ia === null && ib === null) {
    for (let i = 0; i < out.length; i++) out[i] = f(x[i], y[i]);
  } else if (ia === null) {
    for (let i = 0; i < out.length; i++) out[i] = f(x[i], y[ib![i]]);
  } else if (ib === null) {
    for (let i = 0; i < out.length; i++) out[i] = f(x[ia[i]], y[i]);
  } else {
    for (let i = 0; i < out.length; i++) out[i] = f(x[ia[i]], y[ib[i]]);
  }
  return new Tensor(out, shape);
}

/** Elementwise f over one tensor. */
export function map(a: Tensor, f: (x: number) => number): Tensor {
  const out = alloc(a.dtype, a.shape);
  const x = a.data;
  for (let i = 0; i < out.length; i++) out[i] = f(x[i]);
  return new Tensor(out, a.shape);
}

/** g where open(x) holds, 0 elsewhere: the backward of the gating ops (relu, clamp). g and x have one shape. */
export function gate(g: Tensor, x: Tensor, open: (v: number) => boolean): Tensor {
  const out = alloc(g.dtype, g.shape);
  const gd = g.data;
  const xd = x.data;
  for (let i = 0; i < out.length; i++) if (open(xd[i])) out[i] = gd[i];
  return new Tensor(out, g.shape);
}
