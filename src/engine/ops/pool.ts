// maxPool2d on NCHW input. Each output takes the maximum of its window; ties go to the first maximal element in
// row-major order (as PyTorch), and backward routes the gradient there (adding where windows overlap).
import { type OpDef, apply } from "../autograd";
import { ShapeError, fmtShape } from "../errors";
import { Tensor, alloc } from "../tensor";
import { beats, routeToArgmax } from "./argmax";
import { pair, sweep } from "./window";

interface PoolAttrs {
  kernel: [number, number];
  stride: [number, number];
}

function outShapeOf(shape: readonly number[], { kernel, stride }: PoolAttrs): number[] {
  const [n, c, h, w] = shape;
  return [n, c, sweep(h, kernel[0], stride[0]), sweep(w, kernel[1], stride[1])];
}

/** Calls fn for every output element with its flat index and the flat input index of its window's top-left cell. */
function eachWindow(x: Tensor, attrs: PoolAttrs, fn: (out: number, corner: number) => void): void {
  const [n, c, oh, ow] = outShapeOf(x.shape, attrs);
  const [h, w] = x.shape.slice(2);
  let out = 0;
  for (let plane = 0; plane < n * c; plane++) {
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) fn(out++, plane * h * w + oy * attrs.stride[0] * w + ox * attrs.stride[1]);
    }
  }
}

/** The flat input indices of the window at `corner`, row-major (the order ties are broken in). */
function cellsOf(x: Tensor, { kernel }: PoolAttrs, corner: number): number[] {
  const w = x.shape[3];
  return Array.from({ length: kernel[0] * kernel[1] }, (_, k) => corner + Math.floor(k / kernel[1]) * w + (k % kernel[1]));
}

const maxPoolDef: OpDef<PoolAttrs, Int32Array> = {
  name: "maxPool2d",
  rule: "maxPool2d routes: dx = g at each window's (first) maximum, 0 elsewhere",
  forward: ([x], attrs) => {
    const shape = outShapeOf(x.shape, attrs);
    const out = alloc(x.dtype, shape);
    const arg = new Int32Array(out.length);
    const d = x.data;
    const [kh, kw] = attrs.kernel;
    const w = x.shape[3];
    eachWindow(x, attrs, (o, corner) => {
      let best = corner;
      for (let ky = 0; ky < kh; ky++) {
        for (let kx = 0; kx < kw; kx++) if (beats(d, corner + ky * w + kx, best)) best = corner + ky * w + kx;
      }
      arg[o] = best;
      out[o] = d[best];
    });
    return { out: new Tensor(out, shape), saved: arg };
  },
  backward: (g, node) => routeToArgmax(g, node.saved, node.inputs[0].shape),
  nonSmooth: (node) => {
    const x = node.inputs[0];
    const tied = new Set<number>();
    eachWindow(x, node.attrs, (o, corner) => {
      const top = x.data[node.saved[o]];
      const maximal = cellsOf(x, node.attrs, corner).filter((at) => x.data[at] === top);
      if (maximal.length > 1) maximal.forEach((at) => tied.add(at));
    });
    return { kind: "tie", region: Int32Array.from(node.saved), atPoint: [...tied].sort((a, b) => a - b) };
  },
};

export function maxPool2d(x: Tensor, kernel: number | [number, number], stride: number | [number, number] = kernel): Tensor {
  if (!(x instanceof Tensor) || x.ndim !== 4) {
    throw new ShapeError(`maxPool2d: expects an NCHW tensor (4 dims), got ${x instanceof Tensor ? fmtShape(x.shape) : typeof x}`);
  }
  const attrs: PoolAttrs = { kernel: pair("maxPool2d", "kernel", kernel, 1), stride: pair("maxPool2d", "stride", stride, 1) };
  if (attrs.kernel[0] > x.shape[2] || attrs.kernel[1] > x.shape[3]) {
    throw new ShapeError(`maxPool2d: kernel ${fmtShape(attrs.kernel)} is larger than the input's H×W in ${fmtShape(x.shape)}`);
  }
  return apply(maxPoolDef, [x], attrs);
}
