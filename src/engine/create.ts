// Creating tensors: tensor(data), zeros, ones, rand, randn (seeded: see random.ts for the generator).
import { ArgumentError, fmtShape } from "./errors";
import { fillNormal, fillUniform, freshSeed } from "./random";
import { checkShape, sameShape } from "./shapes";
import { type Dtype, Tensor, alloc } from "./tensor";

export interface CreateOptions {
  dtype?: Dtype;
  requiresGrad?: boolean;
  seed?: number;
}

function dtypeOf(opts: CreateOptions, fn: string): Dtype {
  const dtype = opts.dtype ?? "float64";
  if (dtype !== "float64" && dtype !== "float32") {
    throw new ArgumentError(`${fn}: dtype must be "float64" or "float32", got ${JSON.stringify(dtype)}`);
  }
  return dtype;
}

function made(data: Tensor["data"], shape: readonly number[], opts: CreateOptions): Tensor {
  return new Tensor(data, shape, opts.requiresGrad === true);
}

/** The shape of nested arrays, checking every row has the same length. */
function shapeOfNested(data: unknown, path: string): number[] {
  if (typeof data === "number") return [];
  if (ArrayBuffer.isView(data) && !(data instanceof DataView)) return [(data as unknown as ArrayLike<number>).length];
  if (!Array.isArray(data)) throw new ArgumentError(`tensor: data${path} must be a number or an array, got ${typeof data}`);
  if (data.length === 0) return [0];
  const inner = shapeOfNested(data[0], `${path}[0]`);
  data.forEach((row, i) => {
    const s = shapeOfNested(row, `${path}[${i}]`);
    if (!sameShape(s, inner)) {
      throw new ArgumentError(`tensor: ragged data: data${path}[${i}] has shape ${fmtShape(s)} but data${path}[0] has ${fmtShape(inner)}`);
    }
  });
  return [data.length, ...inner];
}

export function tensor(data: unknown, opts: CreateOptions = {}): Tensor {
  const shape = shapeOfNested(data, "");
  const out = alloc(dtypeOf(opts, "tensor"), shape);
  // Row-major, walking what shapeOfNested accepted: numbers, arrays and typed arrays at any depth (Array.flat
  // would leave a nested typed array whole).
  let at = 0;
  const fill = (v: unknown): void => {
    if (typeof v === "number") out[at++] = v;
    else for (const row of v as Iterable<unknown>) fill(row);
  };
  fill(data);
  return made(out, shape, opts);
}

export function zeros(shape: number[], opts: CreateOptions = {}): Tensor {
  return made(alloc(dtypeOf(opts, "zeros"), checkShape(shape, "zeros: shape")), shape, opts);
}

export function ones(shape: number[], opts: CreateOptions = {}): Tensor {
  return made(alloc(dtypeOf(opts, "ones"), checkShape(shape, "ones: shape")).fill(1), shape, opts);
}

function seedOf(opts: CreateOptions, fn: string): number {
  if (opts.seed === undefined) return freshSeed();
  if (!Number.isInteger(opts.seed)) throw new ArgumentError(`${fn}: seed must be an integer, got ${opts.seed}`);
  return opts.seed;
}

/** Standard normal values; the same seed gives the same values on every machine. */
export function randn(shape: number[], opts: CreateOptions = {}): Tensor {
  const out = alloc(dtypeOf(opts, "randn"), checkShape(shape, "randn: shape"));
  fillNormal(out, seedOf(opts, "randn"));
  return made(out, shape, opts);
}

/** Uniform values in [0, 1); the same seed gives the same values on every machine. */
export function rand(shape: number[], opts: CreateOptions = {}): Tensor {
  const out = alloc(dtypeOf(opts, "rand"), checkShape(shape, "rand: shape"));
  fillUniform(out, seedOf(opts, "rand"));
  return made(out, shape, opts);
}
