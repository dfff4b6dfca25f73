// The Tensor: an immutable, row-major block of numbers plus what autograd needs (grad, requiresGrad, the op
// application that produced it). Every method is a one-line call into the op that defines it (src/engine/ops/).
import type { GradNode } from "./autograd";
import { runBackward } from "./backward";
import { ArgumentError, fmtShape } from "./errors";
import { chargeMemory } from "./memory";
import { type Shape, sizeOf } from "./shapes";
import * as ew from "./ops/elementwise";
import * as cmp from "./ops/compare";
import * as red from "./ops/reduce";
import * as mat from "./ops/matmul";
import * as shp from "./ops/shape";
import * as sm from "./ops/softmax";

export type Dtype = "float64" | "float32";
export type Data = Float64Array | Float32Array;
export type Operand = Tensor | number;

/** A fresh zeroed array of `size` elements, counted against the memory budget. */
export function alloc(dtype: Dtype, shape: Shape): Data {
  const size = sizeOf(shape);
  const bytes = size * (dtype === "float32" ? 4 : 8);
  chargeMemory(bytes, shape);
  return dtype === "float32" ? new Float32Array(size) : new Float64Array(size);
}

/** float32 only when every tensor operand is float32 (numbers do not promote), as PyTorch. */
export function promote(...ts: Operand[]): Dtype {
  return ts.every((t) => typeof t === "number" || t.dtype === "float32") && ts.some((t) => typeof t !== "number")
    ? "float32"
    : "float64";
}

/** Tensors up to this many elements print all their values. */
const PREVIEW_LIMIT = 64;
/** A value with four significant digits. */
const round = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v));
const nested = (v: unknown): string => (Array.isArray(v) ? `[${v.map(nested).join(", ")}]` : round(v as number));

export class Tensor {
  readonly shape: readonly number[];
  readonly dtype: Dtype;
  /** Row-major, contiguous. Internal: ops never write into an existing tensor's data. */
  readonly data: Data;
  grad: Tensor | null = null;
  requiresGrad: boolean;
  /** The op application that produced this tensor (null for leaves). */
  node: GradNode | null = null;
  /** Keep .grad on this non-leaf after backward (PyTorch's retain_grad). */
  retainsGrad = false;

  /** Wraps `data` without copying: the caller hands over ownership. */
  constructor(data: Data, shape: Shape, requiresGrad = false) {
    if (data.length !== sizeOf(shape)) {
      throw new ArgumentError(`Tensor: ${data.length} values do not fill shape ${fmtShape(shape)}`);
    }
    this.data = data;
    // Frozen shapes are shared (most ops pass an input's): only a caller's own array is copied and frozen.
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze([...shape]);
    this.dtype = data instanceof Float32Array ? "float32" : "float64";
    this.requiresGrad = requiresGrad;
  }

  /** A tensor holding a copy of `data` (any array of numbers) in `dtype`. */
  static fromData(data: ArrayLike<number>, shape: Shape, dtype: Dtype = "float64"): Tensor {
    const out = alloc(dtype, shape);
    if (data.length !== out.length) {
      throw new ArgumentError(`Tensor.fromData: ${data.length} values do not fill shape ${fmtShape(shape)}`);
    }
    out.set(data);
    return new Tensor(out, shape);
  }

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** True when no op produced this tensor (user-created, detached, or produced without grad). */
  get isLeaf(): boolean {
    return this.node === null;
  }

  item(): number {
    if (this.size !== 1) {
      throw new ArgumentError(`item(): the tensor has ${this.size} elements (shape ${fmtShape(this.shape)}); only a one-element tensor has an item`);
    }
    return this.data[0];
  }

  /** Nested arrays in the tensor's shape (a number for a 0-d tensor). */
  toArray(): unknown {
    const build = (dim: number, offset: number): unknown => {
      if (dim === this.shape.length) return this.data[offset];
      const stride = sizeOf(this.shape.slice(dim + 1));
      return Array.from({ length: this.shape[dim] }, (_, i) => build(dim + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  backward(grad?: Tensor, opts: { retainGraph?: boolean } = {}): void {
    runBackward(this, grad, opts.retainGraph === true);
  }

  detach(): Tensor {
    return shp.detach(this);
  }

  retainGrad(): this {
    this.retainsGrad = true;
    return this;
  }

  toString(): string {
    const values = this.size <= PREVIEW_LIMIT
      ? nested(this.toArray())
      : `[${Array.from(this.data.subarray(0, 6), round).join(", ")}, … ${this.size - 6} more]`;
    return `Tensor(${values}, shape=${fmtShape(this.shape)}, dtype=${this.dtype}${this.requiresGrad ? ", requiresGrad" : ""})`;
  }

  /** What console.log shows in Node: the values, not the graph behind them. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  add(other: Operand): Tensor { return ew.add(this, other); }
  sub(other: Operand): Tensor { return ew.sub(this, other); }
  mul(other: Operand): Tensor { return ew.mul(this, other); }
  div(other: Operand): Tensor { return ew.div(this, other); }
  pow(exponent: Operand): Tensor { return ew.pow(this, exponent); }
  neg(): Tensor { return ew.neg(this); }
  exp(): Tensor { return ew.exp(this); }
  log(): Tensor { return ew.log(this); }
  sqrt(): Tensor { return ew.sqrt(this); }
  tanh(): Tensor { return ew.tanh(this); }
  sigmoid(): Tensor { return ew.sigmoid(this); }
  relu(): Tensor { return ew.relu(this); }
  abs(): Tensor { return ew.abs(this); }
  clamp(bounds: ew.ClampBounds): Tensor { return ew.clamp(this, bounds); }

  gt(other: Operand): Tensor { return cmp.gt(this, other); }
  lt(other: Operand): Tensor { return cmp.lt(this, other); }
  ge(other: Operand): Tensor { return cmp.ge(this, other); }
  le(other: Operand): Tensor { return cmp.le(this, other); }
  eq(other: Operand): Tensor { return cmp.eq(this, other); }

  mm(other: Tensor): Tensor { return mat.mm(this, other); }
  matmul(other: Tensor): Tensor { return mat.matmul(this, other); }

  t(): Tensor { return shp.t(this); }
  transpose(dim0: number, dim1: number): Tensor { return shp.transpose(this, dim0, dim1); }
  reshape(shape: number[]): Tensor { return shp.reshape(this, shape); }
  slice(start: number, end: number, dim = 0): Tensor { return shp.slice(this, start, end, dim); }

  sum(dim?: number, keepdim = false): Tensor { return red.sum(this, dim, keepdim); }
  mean(dim?: number, keepdim = false): Tensor { return red.mean(this, dim, keepdim); }
  max(dim?: number, keepdim = false): Tensor { return red.max(this, dim, keepdim); }

  softmax(dim: number): Tensor { return sm.softmax(this, dim); }
  logSoftmax(dim: number): Tensor { return sm.logSoftmax(this, dim); }
}
