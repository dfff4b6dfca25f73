// Matrix products: mm (2-D) and matmul (PyTorch's: 1-D operands promoted, batch dims broadcast).
// The arithmetic is the kernels' (src/engine/kernels/); this file is shapes and gradients.
import { type GradNode, type OpDef, apply } from "../autograd";
import { ShapeError, fmtShape } from "../errors";
import { matmul as kernel, type MatmulOptions } from "../kernels/matmul";
import { broadcastIndex, broadcastShapes, sizeOf } from "../shapes";
import { type Data, type Dtype, Tensor, alloc, promote } from "../tensor";

/** The kernels take Float64Array; float32 tensors are widened (and results rounded on store). */
export function f64(d: Data): Float64Array {
  return d instanceof Float64Array ? d : Float64Array.from(d);
}

/** One operand of a batched product: its data and, per output batch, which of its own matrices to use. */
interface Operand {
  data: Float64Array;
  /** Matrix index per output batch; null when it has exactly the output's batches. */
  map: Int32Array | null;
  /** Elements per matrix. */
  stride: number;
}

/** `count` elements of `data` from `offset`: `data` itself when that is all of it (mm), as a subarray costs an object. */
const part = (data: Float64Array, offset: number, count: number): Float64Array =>
  offset === 0 && count === data.length ? data : data.subarray(offset, offset + count);

/** For each output batch b: out_b = op(x_b)·op(y_b), with out_b of m×n and op(x_b) of m×k. */
function batched(x: Operand, y: Operand, batches: number, m: number, k: number, n: number, opts: MatmulOptions, dtype: Dtype, shape: number[]): Tensor {
  const out = alloc(dtype, shape);
  const wide = out instanceof Float64Array ? out : new Float64Array(out.length);
  for (let b = 0; b < batches; b++) {
    const xo = (x.map === null ? b : x.map[b]) * x.stride;
    const yo = (y.map === null ? b : y.map[b]) * y.stride;
    kernel(part(x.data, xo, x.stride), part(y.data, yo, y.stride), part(wide, b * m * n, m * n), m, k, n, opts);
  }
  if (wide !== out) out.set(wide);
  return new Tensor(out, shape);
}

const whole = (t: Tensor): Operand => ({ data: f64(t.data), map: null, stride: t.size });

const mmDef: OpDef<Record<string, never>> = {
  name: "mm",
  rule: "mm: dA = g·Bᵀ, dB = Aᵀ·g",
  forward: ([a, b]) => {
    const [m, k] = a.shape;
    const n = b.shape[1];
    return batched(whole(a), whole(b), 1, m, k, n, {}, promote(a, b), [m, n]);
  },
  backward: (g, node) => {
    const [a, b] = node.inputs;
    const [m, k] = a.shape;
    const n = b.shape[1];
    return [
      a.requiresGrad ? batched(whole(g), whole(b), 1, m, n, k, { transB: true }, g.dtype, [m, k]) : null,
      b.requiresGrad ? batched(whole(a), whole(g), 1, k, m, n, { transA: true }, g.dtype, [k, n]) : null,
    ];
  },
};

export function mm(a: Tensor, b: Tensor): Tensor {
  if (!(b instanceof Tensor)) throw new ShapeError(`mm: the other operand must be a 2-D Tensor, got ${typeof b}`);
  if (a.ndim !== 2 || b.ndim !== 2) {
    throw new ShapeError(`mm: expects two 2-D tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)} (use matmul for batches or vectors)`);
  }
  if (a.shape[1] !== b.shape[0]) {
    throw new ShapeError(
      `mm: cannot multiply ${fmtShape(a.shape)} by ${fmtShape(b.shape)}: inner sizes ${a.shape[1]} and ${b.shape[0]} differ`,
    );
  }
  return apply(mmDef, [a, b], {});
}

/** matmul's shapes after PyTorch's rules: 1-D a is a row [1, k], 1-D b a column [k, 1], dropped from the result. */
interface MatmulPlan {
  m: number;
  k: number;
  n: number;
  aBatch: number[];
  bBatch: number[];
  batch: number[];
  outShape: number[];
}

function planOf(a: Tensor, b: Tensor): MatmulPlan {
  if (a.ndim === 0 || b.ndim === 0) {
    throw new ShapeError(`matmul: both operands need at least 1 dimension, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  }
  const as = a.ndim === 1 ? [1, a.shape[0]] : [...a.shape];
  const bs = b.ndim === 1 ? [b.shape[0], 1] : [...b.shape];
  const [m, k] = as.slice(-2);
  const [k2, n] = bs.slice(-2);
  if (k !== k2) {
    throw new ShapeError(`matmul: cannot multiply ${fmtShape(a.shape)} by ${fmtShape(b.shape)}: inner sizes ${k} and ${k2} differ`);
  }
  const aBatch = as.slice(0, -2);
  const bBatch = bs.slice(0, -2);
  let batch: number[];
  try {
    batch = broadcastShapes("matmul", aBatch, bBatch);
  } catch {
    throw new ShapeError(
      `matmul: cannot broadcast the batch dims of ${fmtShape(a.shape)} and ${fmtShape(b.shape)}: ${fmtShape(aBatch)} vs ${fmtShape(bBatch)}`,
    );
  }
  const outShape = [...batch, ...(a.ndim === 1 ? [] : [m]), ...(b.ndim === 1 ? [] : [n])];
  return { m, k, n, aBatch, bBatch, batch, outShape };
}

const side = (t: Tensor, own: number[], p: MatmulPlan, rows: number, cols: number): Operand => ({
  data: f64(t.data), map: broadcastIndex(p.batch, own), stride: rows * cols,
});
const perBatch = (g: Tensor, p: MatmulPlan): Operand => ({ data: f64(g.data), map: null, stride: p.m * p.n });

const matmulDef: OpDef<Record<string, never>, MatmulPlan> = {
  name: "matmul",
  rule: "matmul: dA = g·Bᵀ, dB = Aᵀ·g per batch, summed over broadcast batch dims",
  forward: ([a, b]) => {
    const p = planOf(a, b);
    const out = batched(side(a, p.aBatch, p, p.m, p.k), side(b, p.bBatch, p, p.k, p.n), sizeOf(p.batch), p.m, p.k, p.n, {}, promote(a, b), p.outShape);
    return { out, saved: p };
  },
  backward: (g, node: GradNode<Record<string, never>, MatmulPlan>) => {
    const [a, b] = node.inputs;
    const p = node.saved;
    // Gradients come out with the full output batch; 1-D operands drop their promoted dim (same layout).
    // The backward walker then sums broadcast batch dims down to each operand's shape.
    const aShape = [...p.batch, ...(a.ndim === 1 ? [p.k] : [p.m, p.k])];
    const bShape = [...p.batch, ...(b.ndim === 1 ? [p.k] : [p.k, p.n])];
    return [
      a.requiresGrad ? batched(perBatch(g, p), side(b, p.bBatch, p, p.k, p.n), sizeOf(p.batch), p.m, p.n, p.k, { transB: true }, g.dtype, aShape) : null,
      b.requiresGrad ? batched(side(a, p.aBatch, p, p.m, p.k), perBatch(g, p), sizeOf(p.batch), p.k, p.m, p.n, { transA: true }, g.dtype, bShape) : null,
    ];
  },
};

export function matmul(a: Tensor, b: Tensor): Tensor {
  if (!(b instanceof Tensor)) throw new ShapeError(`matmul: the other operand must be a Tensor, got ${typeof b}`);
  return apply(matmulDef, [a, b], {});
}
