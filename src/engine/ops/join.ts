// concat and stack. stack is concat of the inputs seen with a size-1 dim inserted (same data layout), so both
// share one copy loop and one split loop.
import { type OpDef, apply } from "../autograd";
import { ArgumentError, ShapeError, fmtShape } from "../errors";
import { normDim, sameShape, sizeOf } from "../shapes";
import { Tensor, alloc, promote } from "../tensor";

interface JoinAttrs {
  dim: number;
}

/** The inputs' sizes along `dim` of the joined layout (and their total), and the element counts before and after it. */
interface JoinLayout {
  sizes: number[];
  total: number;
  outer: number;
  inner: number;
  outShape: number[];
}

function join(parts: Tensor[], layout: JoinLayout): Tensor {
  const { sizes, total, outer, inner, outShape } = layout;
  const out = alloc(promote(...parts), outShape);
  let offset = 0;
  parts.forEach((p, j) => {
    const block = sizes[j] * inner;
    for (let o = 0; o < outer; o++) out.set(p.data.subarray(o * block, (o + 1) * block), (o * total + offset) * inner);
    offset += sizes[j];
  });
  return new Tensor(out, outShape);
}

function split(g: Tensor, inputs: Tensor[], layout: JoinLayout): Tensor[] {
  const { sizes, total, outer, inner } = layout;
  let offset = 0;
  return inputs.map((input, j) => {
    const block = sizes[j] * inner;
    const dx = alloc(g.dtype, input.shape);
    for (let o = 0; o < outer; o++) dx.set(g.data.subarray((o * total + offset) * inner, (o * total + offset) * inner + block), o * block);
    offset += sizes[j];
    return new Tensor(dx, input.shape);
  });
}

function checkList(op: string, tensors: unknown): Tensor[] {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new ArgumentError(`${op}: tensors must be a non-empty array of tensors`);
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new ArgumentError(`${op}: tensors[${i}] is not a Tensor`);
  });
  return tensors;
}

function concatLayout(parts: Tensor[], dim: number): JoinLayout {
  const first = parts[0].shape;
  parts.forEach((p, i) => {
    const fits = p.ndim === first.length && p.shape.every((d, k) => k === dim || d === first[k]);
    if (!fits) {
      throw new ShapeError(
        `concat: tensors[${i}] has shape ${fmtShape(p.shape)} but tensors[0] has ${fmtShape(first)}; ` +
          `all sizes must match except along dim ${dim}`,
      );
    }
  });
  const sizes = parts.map((p) => p.shape[dim]);
  const total = sizes.reduce((a, b) => a + b, 0);
  const outShape = first.map((d, k) => (k === dim ? total : d));
  return { sizes, total, outer: sizeOf(first.slice(0, dim)), inner: sizeOf(first.slice(dim + 1)), outShape };
}

function stackLayout(parts: Tensor[], dim: number): JoinLayout {
  const first = parts[0].shape;
  parts.forEach((p, i) => {
    if (!sameShape(p.shape, first)) {
      throw new ShapeError(`stack: tensors[${i}] has shape ${fmtShape(p.shape)} but tensors[0] has ${fmtShape(first)}; stack needs equal shapes`);
    }
  });
  const outShape = [...first.slice(0, dim), parts.length, ...first.slice(dim)];
  return { sizes: parts.map(() => 1), total: parts.length, outer: sizeOf(first.slice(0, dim)), inner: sizeOf(first.slice(dim)), outShape };
}

const concatDef: OpDef<JoinAttrs> = {
  name: "concat",
  rule: "concat: each input gets its block of g",
  forward: (parts, { dim }) => join(parts, concatLayout(parts, dim)),
  backward: (g, node) => split(g, node.inputs, concatLayout(node.inputs, node.attrs.dim)),
};

const stackDef: OpDef<JoinAttrs> = {
  name: "stack",
  rule: "stack: each input gets its slice of g",
  forward: (parts, { dim }) => join(parts, stackLayout(parts, dim)),
  backward: (g, node) => split(g, node.inputs, stackLayout(node.inputs, node.attrs.dim)),
};

export function concat(tensors: Tensor[], dim = 0): Tensor {
  const parts = checkList("concat", tensors);
  if (parts[0].ndim === 0) throw new ShapeError("concat: cannot concatenate 0-d tensors; use stack");
  return apply(concatDef, parts, { dim: normDim("concat", dim, parts[0].ndim) });
}

export function stack(tensors: Tensor[], dim = 0): Tensor {
  const parts = checkList("stack", tensors);
  return apply(stackDef, parts, { dim: normDim("stack", dim, parts[0].ndim + 1) });
}
