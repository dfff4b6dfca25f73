// conv2d on NCHW input with weights [F, C, KH, KW] (cross-correlation, as PyTorch), by im2col and the matmul
// kernel: per sample, out (F × OH·OW) = W (F × C·KH·KW) · cols (C·KH·KW × OH·OW).
import { type OpDef, apply } from "../autograd";
import { ShapeError, fmtShape } from "../errors";
import { matmul as kernel } from "../kernels/matmul";
import { Tensor, alloc, promote } from "../tensor";
import { f64 } from "./matmul";
import { pair, sweep } from "./window";

interface ConvAttrs {
  stride: [number, number];
  padding: [number, number];
}

interface ConvGeometry {
  n: number; c: number; h: number; w: number;
  f: number; kh: number; kw: number;
  oh: number; ow: number;
  /** Rows of cols: C·KH·KW. */
  patch: number;
  /** Columns of cols: OH·OW. */
  places: number;
}

function geometryOf(x: Tensor, w: Tensor, { stride, padding }: ConvAttrs): ConvGeometry {
  const [n, c, h, wd] = x.shape;
  const [f, , kh, kw] = w.shape;
  const oh = sweep(h, kh, stride[0], padding[0]);
  const ow = sweep(wd, kw, stride[1], padding[1]);
  return { n, c, h, w: wd, f, kh, kw, oh, ow, patch: c * kh * kw, places: oh * ow };
}

/**
 * For each cols entry (patch row × output place), the offset within one sample of the input element it reads,
 * −1 in the padding: im2col copies along this map, col2im adds back along it. Built once per call.
 */
function tapMap(g: ConvGeometry, { stride, padding }: ConvAttrs): Int32Array {
  const map = new Int32Array(g.patch * g.places);
  for (let ch = 0; ch < g.c; ch++) {
    for (let ky = 0; ky < g.kh; ky++) {
      for (let kx = 0; kx < g.kw; kx++) {
        const row = (ch * g.kh + ky) * g.kw + kx;
        for (let oy = 0; oy < g.oh; oy++) {
          const iy = oy * stride[0] - padding[0] + ky;
          for (let ox = 0; ox < g.ow; ox++) {
            const ix = ox * stride[1] - padding[1] + kx;
            const inside = iy >= 0 && iy < g.h && ix >= 0 && ix < g.w;
            map[row * g.places + oy * g.ow + ox] = inside ? (ch * g.h + iy) * g.w + ix : -1;
          }
        }
      }
    }
  }
  return map;
}

/** Sample s's patches as columns. */
function im2col(x: Tensor, map: Int32Array, g: ConvGeometry, s: number, cols: Float64Array): void {
  const base = s * g.c * g.h * g.w;
  for (let j = 0; j < map.length; j++) cols[j] = map[j] < 0 ? 0 : x.data[base + map[j]];
}

const convDef: OpDef<ConvAttrs> = {
  name: "conv2d",
  rule: "conv2d: dW = Σ g ⋆ x (correlate), dx = g convolved with the flipped W",
  forward: ([x, w], attrs) => {
    const g = geometryOf(x, w, attrs);
    const shape = [g.n, g.f, g.oh, g.ow];
    const out = alloc(promote(x, w), shape);
    const cols = new Float64Array(g.patch * g.places);
    const result = new Float64Array(g.f * g.places);
    const wd = f64(w.data);
    const map = tapMap(g, attrs);
    for (let s = 0; s < g.n; s++) {
      im2col(x, map, g, s, cols);
      kernel(wd, cols, result, g.f, g.patch, g.places);
      out.set(result, s * g.f * g.places);
    }
    return new Tensor(out, shape);
  },
  backward: (grad, node) => {
    const [x, w] = node.inputs;
    const g = geometryOf(x, w, node.attrs);
    const gd = f64(grad.data);
    const wd = f64(w.data);
    // An input batch seldom requires grad, and its dx would be as large as the batch.
    const dx = x.requiresGrad ? alloc(grad.dtype, x.shape) : null;
    const dw = new Float64Array(w.size);
    const cols = new Float64Array(g.patch * g.places);
    const part = new Float64Array(Math.max(w.size, cols.length));
    const map = tapMap(g, node.attrs);
    for (let s = 0; s < g.n; s++) {
      const gs = gd.subarray(s * g.f * g.places, (s + 1) * g.f * g.places);
      if (w.requiresGrad) {
        im2col(x, map, g, s, cols);
        kernel(gs, cols, part, g.f, g.places, g.patch, { transB: true });
        for (let i = 0; i < dw.length; i++) dw[i] += part[i];
      }
      if (dx !== null) {
        kernel(wd, gs, part, g.patch, g.f, g.places, { transA: true });
        // col2im: each patch entry adds back into the input element it was copied from.
        const base = s * g.c * g.h * g.w;
        for (let j = 0; j < map.length; j++) if (map[j] >= 0) dx[base + map[j]] += part[j];
      }
    }
    return [dx === null ? null : new Tensor(dx, x.shape), w.requiresGrad ? Tensor.fromData(dw, w.shape, grad.dtype) : null];
  },
};

export function conv2d(x: Tensor, w: Tensor, opts: { stride?: number | [number, number]; padding?: number | [number, number] } = {}): Tensor {
  if (!(x instanceof Tensor) || !(w instanceof Tensor) || x.ndim !== 4 || w.ndim !== 4) {
    const show = (t: unknown): string => (t instanceof Tensor ? fmtShape(t.shape) : typeof t);
    throw new ShapeError(`conv2d: expects x as NCHW and w as [F, C, KH, KW] (4 dims each), got ${show(x)} and ${show(w)}`);
  }
  if (x.shape[1] !== w.shape[1]) {
    throw new ShapeError(`conv2d: x ${fmtShape(x.shape)} has ${x.shape[1]} channels but w ${fmtShape(w.shape)} expects ${w.shape[1]}`);
  }
  const attrs: ConvAttrs = { stride: pair("conv2d", "stride", opts.stride ?? 1, 1), padding: pair("conv2d", "padding", opts.padding ?? 0, 0) };
  const g = geometryOf(x, w, attrs);
  if (g.oh < 1 || g.ow < 1) {
    throw new ShapeError(`conv2d: kernel ${fmtShape(w.shape.slice(2))} does not fit in input ${fmtShape(x.shape)} with padding ${fmtShape(attrs.padding)}`);
  }
  return apply(convDef, [x, w], attrs);
}
