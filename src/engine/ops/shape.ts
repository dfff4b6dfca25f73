// Ops that move elements without changing them: reshape (a view: shares data), transpose/t, slice, expand, detach.
import { type OpDef, apply } from "../autograd";
import { ArgumentError, ShapeError, fmtShape } from "../errors";
import { type Shape, around, broadcastIndex, broadcastShapes, checkShape, normDim, sameShape, sizeOf, stridedIndex } from "../shapes";
import { Tensor, alloc } from "../tensor";

const reshapeDef: OpDef<{ shape: number[] }> = {
  name: "reshape",
  rule: "reshape keeps order: dx = g reshaped back",
  // Tensors are never written after creation, so a reshape can share its input's data.
  forward: ([x], { shape }) => new Tensor(x.data, shape),
  backward: (g, node) => g.reshape([...node.inputs[0].shape]),
};

/** The target shape with a single -1 inferred from the element count. */
function resolveShape(x: Tensor, shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) throw new ArgumentError(`reshape: shape must be an array of integers, got ${typeof shape}`);
  const free = shape.filter((d) => d === -1).length;
  if (free > 1) throw new ArgumentError(`reshape: only one dimension can be -1, got ${fmtShape(shape)}`);
  checkShape(shape.filter((d) => d !== -1), "reshape: shape");
  const known = sizeOf(shape.filter((d) => d !== -1));
  const out = shape.map((d) => (d === -1 ? (known === 0 ? 0 : x.size / known) : d));
  if (!Number.isInteger(out[shape.indexOf(-1)] ?? 0) || sizeOf(out) !== x.size) {
    throw new ShapeError(`reshape: cannot reshape ${fmtShape(x.shape)} (${x.size} elements) to ${fmtShape(shape)}`);
  }
  return out;
}

export const reshape = (x: Tensor, shape: readonly number[]): Tensor =>
  apply(reshapeDef, [x], { shape: resolveShape(x, shape) });

/** x with dims d0 and d1 swapped, copied to row-major order. */
function swapDims(x: Tensor, d0: number, d1: number): Tensor {
  const shape = [...x.shape];
  [shape[d0], shape[d1]] = [shape[d1], shape[d0]];
  const out = alloc(x.dtype, shape);
  const src = x.data;
  if (x.ndim === 2 && d0 !== d1) {
    const [r, c] = x.shape;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = src[i * c + j];
    return new Tensor(out, shape);
  }
  // General case: the source read with its strides permuted.
  const srcStrides = x.shape.map((_, i) => sizeOf(x.shape.slice(i + 1)));
  [srcStrides[d0], srcStrides[d1]] = [srcStrides[d1], srcStrides[d0]];
  const map = stridedIndex(shape, srcStrides);
  for (let i = 0; i < out.length; i++) out[i] = src[map[i]];
  return new Tensor(out, shape);
}

const transposeDef: OpDef<{ dim0: number; dim1: number }> = {
  name: "transpose",
  rule: "transpose: dx = g transposed back",
  forward: ([x], { dim0, dim1 }) => swapDims(x, dim0, dim1),
  backward: (g, node) => g.transpose(node.attrs.dim0, node.attrs.dim1),
};

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  return apply(transposeDef, [x], { dim0: normDim("transpose", dim0, x.ndim, "dim0"), dim1: normDim("transpose", dim1, x.ndim, "dim1") });
}

const tDef: OpDef<Record<string, never>> = {
  name: "t",
  rule: "t: dx = gᵀ",
  forward: ([x]) => (x.ndim === 2 ? swapDims(x, 0, 1) : new Tensor(x.data, x.shape)),
  backward: (g) => g.t(),
};

export function t(x: Tensor): Tensor {
  if (x.ndim > 2) throw new ShapeError(`t: expects a tensor with at most 2 dimensions, got ${fmtShape(x.shape)}; use transpose(dim0, dim1)`);
  return apply(tDef, [x], {});
}

interface SliceAttrs {
  start: number;
  end: number;
  dim: number;
}

/** Copies the block [start, end) along dim of `src` (shape `from`) into `out` (the block alone), or back when `scatter`. */
function copyBlock(src: ArrayLike<number>, out: Float64Array | Float32Array, from: Shape, { start, end, dim }: SliceAttrs, scatter: boolean): void {
  const { outer, size, inner } = around(from, dim);
  const rows = end - start;
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < rows; k++) {
      const full = (o * size + start + k) * inner;
      const part = (o * rows + k) * inner;
      for (let i = 0; i < inner; i++) {
        if (scatter) out[full + i] = src[part + i];
        else out[part + i] = src[full + i];
      }
    }
  }
}

const sliceDef: OpDef<SliceAttrs> = {
  name: "slice",
  rule: "slice: dx = g in the sliced block, 0 elsewhere",
  forward: ([x], attrs) => {
    const shape = x.shape.map((d, i) => (i === attrs.dim ? attrs.end - attrs.start : d));
    const out = alloc(x.dtype, shape);
    copyBlock(x.data, out, x.shape, attrs, false);
    return new Tensor(out, shape);
  },
  backward: (g, node) => {
    const x = node.inputs[0];
    const dx = alloc(g.dtype, x.shape);
    copyBlock(g.data, dx, x.shape, node.attrs, true);
    return new Tensor(dx, x.shape);
  },
};

/** slice(start, end, dim): Python's rules (negative counts from the end, out-of-range clamps). */
export function slice(x: Tensor, start: number, end: number, dim = 0): Tensor {
  if (x.ndim === 0) throw new ShapeError("slice: cannot slice a 0-d tensor");
  const d = normDim("slice", dim, x.ndim);
  const n = x.shape[d];
  const clampIndex = (v: number, what: string): number => {
    if (!Number.isInteger(v)) throw new ArgumentError(`slice: ${what} must be an integer, got ${v}`);
    return Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  };
  const s = clampIndex(start, "start");
  const e = Math.max(clampIndex(end, "end"), s);
  return apply(sliceDef, [x], { start: s, end: e, dim: d });
}

const expandDef: OpDef<{ shape: number[] }> = {
  name: "expand",
  rule: "expand copies: dx = g summed over the broadcast dims",
  forward: ([x], { shape }) => {
    const out = alloc(x.dtype, shape);
    // One value everywhere (the gradient of a full sum or mean): a fill, without an index map of zeros.
    if (x.size === 1) return new Tensor(out.fill(x.data[0]), shape);
    const map = broadcastIndex(shape, x.shape);
    for (let i = 0; i < out.length; i++) out[i] = x.data[map === null ? i : map[i]];
    return new Tensor(out, shape);
  },
  // The backward walker sums a gradient down to its input's shape, which is all expand's backward needs.
  backward: (g) => g,
};

/** x broadcast to `shape` (materialised). */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  if (!sameShape(broadcastShapes("expand", x.shape, shape), shape)) {
    throw new ShapeError(`expand: cannot expand ${fmtShape(x.shape)} to ${fmtShape(shape)}`);
  }
  return apply(expandDef, [x], { shape: [...shape] });
}

const detachDef: OpDef<Record<string, never>> = {
  name: "detach",
  rule: "detach stops the gradient",
  forward: ([x]) => new Tensor(x.data, x.shape),
};

export const detach = (x: Tensor): Tensor => apply(detachDef, [x], {});
