// Shape arithmetic shared by the ops: sizes, broadcasting, dims. Pure functions on number arrays.
import { ArgumentError, ShapeError, fmtArgument, fmtShape } from "./errors";

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

// A plain loop: every op and every gradient asks, and a callback per dim cost more than the comparison.
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Throws unless `shape` is a list of non-negative integers; `what` names the argument. */
export function checkShape(shape: unknown, what: string): Shape {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new ArgumentError(`${what} must be an array of non-negative integers, got ${fmtArgument(shape)}`);
  }
  return shape;
}

/** NumPy broadcasting: align from the right, sizes must match or be 1. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 1; i <= rank; i++) {
    const da = a[a.length - i] ?? 1;
    const db = b[b.length - i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: cannot broadcast ${fmtShape(a)} with ${fmtShape(b)}: ` +
          `dimension ${-i} has sizes ${da} and ${db} (sizes must match or be 1)`,
      );
    }
    out[rank - i] = da === 1 ? db : da;
  }
  return out;
}

/** True when `from` can be summed down to `to` (to broadcasts to from). */
export function reducibleTo(from: Shape, to: Shape): boolean {
  if (to.length > from.length) return false;
  for (let i = 1; i <= to.length; i++) {
    const t = to[to.length - i];
    if (t !== 1 && t !== from[from.length - i]) return false;
  }
  return true;
}

/**
 * For each element of a tensor of shape `out`, the flat index of the element of a tensor of shape `src`
 * (which broadcasts to `out`) that it reads. Null when the shapes are equal: the identity needs no map.
 */
export function broadcastIndex(out: Shape, src: Shape): Int32Array | null {
  if (sameShape(out, src)) return null;
  if (sizeOf(src) === 1) return new Int32Array(sizeOf(out));
  const offset = out.length - src.length;
  // Stride of each output dim in the source; 0 where the source is broadcast.
  const strides = new Array<number>(out.length).fill(0);
  let s = 1;
  for (let i = src.length - 1; i >= 0; i--) {
    if (src[i] !== 1) strides[i + offset] = s;
    s *= src[i];
  }
  return stridedIndex(out, strides);
}

/**
 * For each element of a tensor of shape `out`, in row-major order, the flat index of a source read with
 * `strides[d]` per step along dim d (0 on a broadcast dim; permuted for a transpose).
 */
export function stridedIndex(out: Shape, strides: readonly number[]): Int32Array {
  const n = sizeOf(out);
  const rank = out.length;
  const map = new Int32Array(n);
  const counter = new Array<number>(rank).fill(0);
  let at = 0;
  for (let i = 0; i < n; i++) {
    map[i] = at;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]++;
      at += strides[d];
      if (counter[d] < out[d]) break;
      at -= strides[d] * out[d];
      counter[d] = 0;
    }
  }
  return map;
}

/** Sums `data` of shape `from` down to shape `to` (the reverse of broadcasting), into `out` when given (zeroed). */
export function sumToShape(data: ArrayLike<number>, from: Shape, to: Shape, out: Float64Array = new Float64Array(sizeOf(to))): Float64Array {
  const map = broadcastIndex(from, to);
  if (map === null) {
    for (let i = 0; i < out.length; i++) out[i] = data[i];
    return out;
  }
  for (let i = 0; i < map.length; i++) out[map[i]] += data[i];
  return out;
}

/** A dim in [-rank, rank) made non-negative; `op` and `what` name the call in the error. */
export function normDim(op: string, dim: number, rank: number, what = "dim"): number {
  if (!Number.isInteger(dim) || dim < -rank || dim >= Math.max(rank, 1)) {
    throw new ArgumentError(`${op}: ${what} ${dim} is out of range for a tensor with ${rank} dimensions`);
  }
  return dim < 0 ? dim + rank : dim;
}

/** Splits a shape around `dim` into (outer, size, inner) so element (o, k, i) sits at (o·size + k)·inner + i. */
export function around(shape: Shape, dim: number): { outer: number; size: number; inner: number } {
  return { outer: sizeOf(shape.slice(0, dim)), size: shape[dim], inner: sizeOf(shape.slice(dim + 1)) };
}
