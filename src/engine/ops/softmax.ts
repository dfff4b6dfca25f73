// softmax and logSoftmax along one dim, computed stably (the group maximum is subtracted before exp).
import { type OpDef, apply } from "../autograd";
import { ArgumentError } from "../errors";
import { around, normDim } from "../shapes";
import { Tensor, alloc } from "../tensor";

interface DimAttrs {
  dim: number;
}

/** Calls fn(first, step) for each softmax group: its elements are first + k·step for k < size. */
function eachGroup(t: Tensor, dim: number, fn: (first: number, step: number, size: number) => void): void {
  if (t.ndim === 0) return fn(0, 1, 1);
  const { outer, size, inner } = around(t.shape, dim);
  for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) fn(o * size * inner + i, inner, size);
}

function normalise(x: Tensor, dim: number, log: boolean): Tensor {
  const out = alloc(x.dtype, x.shape);
  const d = x.data;
  eachGroup(x, dim, (first, step, size) => {
    let top = -Infinity;
    for (let k = 0; k < size; k++) top = Math.max(top, d[first + k * step]);
    // All -Infinity: subtracting would give NaN; PyTorch gives NaN too, so leave top as is.
    let total = 0;
    for (let k = 0; k < size; k++) total += Math.exp(d[first + k * step] - top);
    const logTotal = Math.log(total);
    for (let k = 0; k < size; k++) {
      const shifted = d[first + k * step] - top;
      out[first + k * step] = log ? shifted - logTotal : Math.exp(shifted) / total;
    }
  });
  return new Tensor(out, x.shape);
}

const softmaxDef: OpDef<DimAttrs> = {
  name: "softmax",
  rule: "softmax: dx = s·(g − Σ g·s) over the dim",
  forward: ([x], { dim }) => normalise(x, dim, false),
  backward: (g, node) => {
    const s = node.output;
    const dx = alloc(g.dtype, g.shape);
    eachGroup(s, node.attrs.dim, (first, step, size) => {
      let dot = 0;
      for (let k = 0; k < size; k++) dot += g.data[first + k * step] * s.data[first + k * step];
      for (let k = 0; k < size; k++) dx[first + k * step] = s.data[first + k * step] * (g.data[first + k * step] - dot);
    });
    return new Tensor(dx, g.shape);
  },
};

const logSoftmaxDef: OpDef<DimAttrs> = {
  name: "logSoftmax",
  rule: "logSoftmax: dx = g − softmax(x)·Σ g over the dim",
  forward: ([x], { dim }) => normalise(x, dim, true),
  backward: (g, node) => {
    const y = node.output;
    const dx = alloc(g.dtype, g.shape);
    eachGroup(y, node.attrs.dim, (first, step, size) => {
      let total = 0;
      for (let k = 0; k < size; k++) total += g.data[first + k * step];
      for (let k = 0; k < size; k++) dx[first + k * step] = g.data[first + k * step] - Math.exp(y.data[first + k * step]) * total;
    });
    return new Tensor(dx, g.shape);
  },
};

function dimArg(op: string, x: Tensor, dim: number): DimAttrs {
  if (dim === undefined) throw new ArgumentError(`${op}: dim is required, e.g. ${op}(1) for each row of a [batch, classes] tensor`);
  return { dim: x.ndim === 0 ? 0 : normDim(op, dim, x.ndim) };
}

export const softmax = (x: Tensor, dim: number): Tensor => apply(softmaxDef, [x], dimArg("softmax", x, dim));
export const logSoftmax = (x: Tensor, dim: number): Tensor => apply(logSoftmaxDef, [x], dimArg("logSoftmax", x, dim));
