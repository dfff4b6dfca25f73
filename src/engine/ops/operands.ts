// How elementwise ops take their operands: a tensor and either another tensor or a plain number. A number is
// kept in the node's attrs (attrs.other), not as a graph input, so the graph shows it as an argument.
import { type GradNode, type OpDef, apply } from "../autograd";
import { ArgumentError, fmtShape } from "../errors";
import { broadcastIndex, broadcastShapes } from "../shapes";
import { type Operand, Tensor, alloc, promote } from "../tensor";
import { type BinaryLoop, type GateLoop, type UnaryLoop, binaryLoop } from "./loops";

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

function describe(v: unknown): string {
  if (v instanceof Tensor) return `a tensor of shape ${fmtShape(v.shape)}`;
  if (Array.isArray(v)) return "an array (wrap it with tensor(...))";
  return v === null ? "null" : typeof v;
}

/** The second operand of a binary node: the tensor input, or the number kept in attrs. */
export function otherOf(inputs: Tensor[], attrs: OtherAttrs): Operand {
  return inputs.length > 1 ? inputs[1] : attrs.other!;
}

/** A binary elementwise op computing `expr` in x and y; no backward makes it non-differentiable. */
export function binaryDef(
  name: string, rule: string, expr: string, backward?: (g: Tensor, node: GradNode<OtherAttrs>) => (Tensor | null)[],
): OpDef<OtherAttrs> {
  const loop = binaryLoop(expr);
  return { name, rule, forward: (inputs, attrs) => zip(name, inputs[0], otherOf(inputs, attrs), loop), backward };
}

/** A binary loop over a and b with NumPy broadcasting (index maps only when a shape differs from the result's). */
function zip(op: string, a: Tensor, b: Operand, loop: BinaryLoop): Tensor {
  if (typeof b === "number") {
    const out = alloc(a.dtype, a.shape);
    loop(a.data, b, out, null, null);
    return new Tensor(out, a.shape);
  }
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = alloc(promote(a, b), shape);
  loop(a.data, b.data, out, broadcastIndex(shape, a.shape), broadcastIndex(shape, b.shape));
  return new Tensor(out, shape);
}

/** A unary loop over one tensor; p and q are the op's parameters. */
export function map(a: Tensor, loop: UnaryLoop, p = 0, q = 0): Tensor {
  const out = alloc(a.dtype, a.shape);
  loop(a.data, out, p, q);
  return new Tensor(out, a.shape);
}

/**
 * g where the gate's condition on x holds, 0 elsewhere: the backward of relu and clamp, and with g = x the forward of
 * relu and clamp({ min: 0 }). g and x have one shape.
 */
export function gate(g: Tensor, x: Tensor, loop: GateLoop, p = 0, q = 0): Tensor {
  const out = alloc(g.dtype, g.shape);
  loop(g.data, x.data, out, p, q);
  return new Tensor(out, g.shape);
}
