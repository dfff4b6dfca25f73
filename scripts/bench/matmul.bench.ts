// Matmul kernels: GFLOP/s of the WebAssembly SIMD kernel (through the engine's API, operands copied in and out),
// of the same kernel on operands already in wasm memory ("resident": what keeping tensors in wasm memory would
// buy), of the plain TS kernel, and the measured f64x2 limit of this CPU; plus small sizes for the wasm/TS crossover.
import wabtInit from "wabt";
import { type MatmulOptions, matmulTs, matmulWasm } from "../../src/engine/kernels/matmul";
import { matmulWasmBase64 } from "../../src/engine/kernels/generated/matmul.wasm";
import type { BenchCase } from "./harness";

/** Deterministic values in [-1, 1), so runs compare. */
function values(size: number, seed: number): Float64Array {
  const out = new Float64Array(size);
  let s = seed;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

interface ResidentKernel {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  matmul(a: number, b: number, aPack: number, bPack: number, c: number,
    m: number, k: number, n: number, transA: number, transB: number): void;
}

/** A private instance of the kernel with A and B placed in its memory once: times the kernel without copies. */
function resident(m: number, k: number, n: number, opts: MatmulOptions): () => void {
  const bytes = Uint8Array.from(atob(matmulWasmBase64), (ch) => ch.charCodeAt(0));
  const kernel = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as ResidentKernel;
  const up4 = (x: number): number => Math.ceil(x / 4) * 4;
  const a = 0, b = a + m * k, aPack = b + k * n, bPack = aPack + up4(m) * k, c = bPack + up4(n) * k;
  const end = c + up4(m) * up4(n);
  kernel.memory.grow(Math.ceil((end * 8) / 65536));
  const heap = new Float64Array(kernel.memory.buffer);
  heap.set(values(m * k, 1), a);
  heap.set(values(k * n, 2), b);
  const transA = opts.transA === true ? 1 : 0, transB = opts.transB === true ? 1 : 0;
  return () => kernel.matmul(a * 8, b * 8, aPack * 8, bPack * 8, c * 8, m, k, n, transA, transB);
}

/** Cases for op(A)·op(B) of m×k by k×n; a transposed operand is named in the case (e.g. "-tA"). */
function kernelCases(m: number, k: number, n: number, group: string, withResident: boolean, opts: MatmulOptions = {}): BenchCase[] {
  const size = `${m}x${k}x${n}${opts.transA === true ? "-tA" : ""}${opts.transB === true ? "-tB" : ""}`;
  const a = values(m * k, 1), b = values(k * n, 2), out = new Float64Array(m * n);
  const flops = 2 * m * k * n;
  const cases: BenchCase[] = [
    {
      name: `matmul-wasm-${size}`, group, flops,
      vs: [`matmul-ts-${size}`, ...(withResident ? ["f64x2-peak"] : [])],
      run: () => void matmulWasm(a, b, out, m, k, n, opts),
    },
    { name: `matmul-ts-${size}`, group, flops, run: () => matmulTs(a, b, out, m, k, n, opts) },
  ];
  if (withResident) {
    let run = (): void => undefined;
    cases.push({
      name: `matmul-wasm-resident-${size}`, group, flops, vs: [`matmul-wasm-${size}`, "f64x2-peak"],
      setup: () => void (run = resident(m, k, n, opts)),
      run: () => run(),
    });
  }
  return cases;
}

// The limit of 128-bit WebAssembly for a matmul without fused multiply-add: independent f64x2 multiplies and adds
// from registers, 6 chains of each (enough to cover both latencies), no loads. Compiled here with wabt.
const PEAK_CHAINS = 6;
const PEAK_ITERS = 200_000;
const peakWat = (): string => {
  const chains = Array.from({ length: PEAK_CHAINS }, (_, i) => i);
  return `(module (func (export "peak") (param $n i32) (param $c f64) (result f64) (local $k v128)
    ${chains.map((i) => `(local $u${i} v128) (local $v${i} v128)`).join(" ")}
    (local.set $k (f64x2.splat (local.get $c)))
    ${chains.map((i) => `(local.set $u${i} (f64x2.splat (f64.const ${1 + i / 8})))`).join(" ")}
    (loop $l
      ${chains.map((i) => `(local.set $u${i} (f64x2.mul (local.get $u${i}) (local.get $k)))
        (local.set $v${i} (f64x2.add (local.get $v${i}) (local.get $u${i})))`).join(" ")}
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n)))
    (f64x2.extract_lane 0 ${chains.slice(1).reduce((sum, i) => `(f64x2.add ${sum} (local.get $v${i}))`, "(local.get $v0)")})))`;
};

let peak: (n: number, c: number) => number = () => 0;
const peakCase: BenchCase = {
  name: "f64x2-peak", group: "matmul", flops: PEAK_ITERS * PEAK_CHAINS * 4,
  setup: async () => {
    const wabt = await wabtInit();
    const mod = wabt.parseWat("peak.wat", peakWat(), { simd: true });
    const bytes = mod.toBinary({}).buffer;
    mod.destroy();
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    peak = instance.exports.peak as typeof peak;
  },
  // c slightly below 1 keeps the products normal numbers (no denormal slow path) over every run.
  run: () => void peak(PEAK_ITERS, 0.99999999),
};

const crossover = [[4, 4, 4], [8, 8, 8], [12, 12, 12], [16, 16, 16], [24, 24, 24], [32, 32, 32]] as const;

export const cases: BenchCase[] = [
  ...kernelCases(64, 1000, 100, "matmul", true),
  // The two-layer step's backward product dW1 = xᵀ·g: the other half of the step's matmul time.
  ...kernelCases(1000, 64, 100, "matmul", true, { transA: true }),
  ...kernelCases(256, 256, 256, "matmul", true),
  peakCase,
  ...crossover.flatMap(([m, k, n]) => kernelCases(m, k, n, "matmul-crossover", false)),
];
