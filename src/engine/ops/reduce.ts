// Reductions over one dim or over everything: sum, mean, max. Each reduces "groups": with (outer, size, inner)
// from shapes.around, group (o, i) holds the `size` elements (o·size + k)·inner + i.
import { type GradNode, type OpDef, apply } from "../autograd";
import { ArgumentError } from "../errors";
import { type Shape, around, normDim, sizeOf } from "../shapes";
import { Tensor, alloc } from "../tensor";
import { beats, routeToArgmax } from "./argmax";
import { expand } from "./shape";

export interface ReduceAttrs {
  /** Absent: reduce every element. */
  dim?: number;
  keepdim: boolean;
}

interface Layout {
  outer: number;
  size: number;
  inner: number;
  outShape: number[];
  /** The output shape with the reduced dims kept as 1: what backward broadcasts the gradient from. */
  keptShape: number[];
}

function layoutOf(shape: Shape, { dim, keepdim }: ReduceAttrs): Layout {
  if (dim === undefined) {
    const keptShape = shape.map(() => 1);
    return { outer: 1, size: sizeOf(shape), inner: 1, outShape: keepdim ? keptShape : [], keptShape };
  }
  const keptShape = shape.map((d, i) => (i === dim ? 1 : d));
  const outShape = keepdim ? keptShape : shape.filter((_, i) => i !== dim);
  return { ...around(shape, dim), outShape, keptShape };
}

/** g, reshaped to keep the reduced dims, broadcast back over the input. */
function spread(g: Tensor, node: GradNode<ReduceAttrs>): Tensor {
  const x = node.inputs[0];
  // A full reduction's g (0-d, or all ones with keepdim) broadcasts to x as it is: no reshape op needed.
  const kept = node.attrs.dim === undefined ? g : g.reshape(layoutOf(x.shape, node.attrs).keptShape);
  return expand(kept, x.shape);
}

function reduceArgs(op: string, x: Tensor, dim: number | undefined, keepdim: boolean): ReduceAttrs {
  if (typeof keepdim !== "boolean") throw new ArgumentError(`${op}: keepdim must be true or false, got ${typeof keepdim}`);
  // A 0-d tensor has one element: reducing it over "dim 0" or everything is the same.
  return dim === undefined || x.ndim === 0 ? { keepdim } : { dim: normDim(op, dim, x.ndim), keepdim };
}

/** Each group's sum, or its mean when `mean` (divided by the group size, from the same layout). */
function sumGroups(x: Tensor, attrs: ReduceAttrs, mean: boolean): Tensor {
  const { outer, size, inner, outShape } = layoutOf(x.shape, attrs);
  const out = alloc(x.dtype, outShape);
  const d = x.data;
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < size; k++) {
      const base = (o * size + k) * inner;
      for (let i = 0; i < inner; i++) out[o * inner + i] += d[base + i];
    }
  }
  const scale = mean ? 1 / size : 1;
  if (scale !== 1) for (let j = 0; j < out.length; j++) out[j] *= scale;
  return new Tensor(out, outShape);
}

const sumDef: OpDef<ReduceAttrs> = {
  name: "sum",
  rule: "sum copies: dx = g broadcast back over the summed dims",
  forward: ([x], attrs) => sumGroups(x, attrs, false),
  backward: (g, node) => spread(g, node),
};

const meanDef: OpDef<ReduceAttrs> = {
  name: "mean",
  rule: "mean shares: dx = g / n over the n averaged elements",
  forward: ([x], attrs) => sumGroups(x, attrs, true),
  backward: (g, node) => spread(g.div(layoutOf(node.inputs[0].shape, node.attrs).size), node),
};

/** Flat input index of each output's maximum: the first in row-major order on ties; a NaN wins, as PyTorch. */
function argmaxOf(x: Tensor, attrs: ReduceAttrs): { out: Tensor; saved: Int32Array } {
  const { outer, size, inner, outShape } = layoutOf(x.shape, attrs);
  if (size === 0) throw new ArgumentError("max: cannot take the maximum of an empty dimension");
  const out = alloc(x.dtype, outShape);
  const arg = new Int32Array(out.length);
  const d = x.data;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = o * size * inner + i;
      for (let k = 1; k < size; k++) {
        const at = (o * size + k) * inner + i;
        if (beats(d, at, best)) best = at;
      }
      arg[o * inner + i] = best;
      out[o * inner + i] = d[best];
    }
  }
  return { out: new Tensor(out, outShape), saved: arg };
}

const maxDef: OpDef<ReduceAttrs, Int32Array> = {
  name: "max",
  rule: "max routes: dx = g at the (first) maximum, 0 elsewhere",
  forward: ([x], attrs) => argmaxOf(x, attrs),
  backward: (g, node) => routeToArgmax(g, node.saved, node.inputs[0].shape),
  nonSmooth: (node) => {
    const x = node.inputs[0].data;
    const { outer, size, inner } = layoutOf(node.inputs[0].shape, node.attrs);
    const atPoint: number[] = [];
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const top = x[node.saved[o * inner + i]];
        let count = 0;
        for (let k = 0; k < size; k++) if (x[(o * size + k) * inner + i] === top) count++;
        if (count < 2) continue;
        for (let k = 0; k < size; k++) if (x[(o * size + k) * inner + i] === top) atPoint.push((o * size + k) * inner + i);
      }
    }
    return { kind: "tie", region: Int32Array.from(node.saved), atPoint: atPoint.sort((a, b) => a - b) };
  },
};

export const sum = (x: Tensor, dim?: number, keepdim = false): Tensor => apply(sumDef, [x], reduceArgs("sum", x, dim, keepdim));
export const mean = (x: Tensor, dim?: number, keepdim = false): Tensor => apply(meanDef, [x], reduceArgs("mean", x, dim, keepdim));
export const max = (x: Tensor, dim?: number, keepdim = false): Tensor => apply(maxDef, [x], reduceArgs("max", x, dim, keepdim));
