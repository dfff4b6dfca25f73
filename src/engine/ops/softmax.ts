// softmax and logSoftmax along one dim, computed stably (the group maximum is subtracted before exp).
import { type OpDef, apply } from "../autograd";
import { ArgumentError } from "../errors";
import { around, normDim } from "../shapes";
import { type Data, Tensor, alloc } from "../tensor";

interface DimAttrs {
  dim: number;
}

/** Calls fn(first, step) for each softmax group: its elements are first + k·step for k < size. */
function eachGroup(t: Tensor, dim: number, fn: (first: number, step: number, size: number) => void): void {
  if (t.ndim === 0) return fn(0, 1, 1);
  const { outer, size, inner } = around(t.shape, dim);
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) fn(o * size * inner + i, inner, size);
}

/** A new tensor shaped like `like`, filled group by group by `fill`. */
function perGroup(like: Tensor, dim: number, fill: (out: Data, first: number, step: number, size: number) => void): Tensor {
  const out = alloc(like.dtype, like.shape);
  eachGroup(like, dim, (first, step, size) => fill(out, first, step, size));
  return new Tensor(out, like.shape);
}

function normalise(x: Tensor, dim: number, log: boolean): Tensor {
  const d = x.data;
  return perGroup(x, dim, (out, first, step, size) => {
    let top = -Infinity;
    for (let k = 0; k < size; k++) top = Math.max(top, d[first + k * step]);
    let total = 0;
    for (let k = 0; k < size; k++) total += Math.exp(d[first + k * step] - top);
    const logTotal = Math.log(total);
    for (let k = 0; k < size; k++) {
      const shifted = d[first + k * step] - top;
      out[first + k * step] = log ? shifted - logTotal : Math.exp(shifted) / total;
    }
  });
}

const softmaxDef: OpDef<DimAttrs> = {
  name: "softmax",
  rule: "softmax: dx = s·(g − Σ g·s) over the dim",
  forward: ([x], { dim }) => normalise(x, dim, false),
  backward: (g, node) => {
    const s = node.output.data;
    return perGroup(g, node.attrs.dim, (dx, first, step, size) => {
      let dot = 0;
      for (let k = 0; k < size; k++) dot += g.data[first + k * step] * s[first + k * step];
      for (let k = 0; k < size; k++) dx[first + k * step] = s[first + k * step] * (g.data[first + k * step] - dot);
    });
  },
};

const logSoftmaxDef: OpDef<DimAttrs> = {
  name: "logSoftmax",
  rule: "logSoftmax: dx = g − softmax(x)·Σ g over the dim",
  forward: ([x], { dim }) => normalise(x, dim, true),
  backward: (g, node) => {
    const y = node.output.data;
    return perGroup(g, node.attrs.dim, (dx, first, step, size) => {
      let total = 0;
      for (let k = 0; k < size; k++) total += g.data[first + k * step];
      for (let k = 0; k < size; k++) dx[first + k * step] = g.data[first + k * step] - Math.exp(y[first + k * step]) * total;
    });
  },
};

function dimArg(op: string, x: Tensor, dim: number): DimAttrs {
  if (dim === undefined) throw new ArgumentError(`${op}: dim is required, e.g. ${op}(1) for each row of a [batch, classes] tensor`);
  return { dim: x.ndim === 0 ? 0 : normDim(op, dim, x.ndim) };
}

export const softmax = (x: Tensor, dim: number): Tensor => apply(softmaxDef, [x], dimArg("softmax", x, dim));
export const logSoftmax = (x: Tensor, dim: number): Tensor => apply(logSoftmaxDef, [x], dimArg("logSoftmax", x, dim));
