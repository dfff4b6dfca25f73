// Matmul kernels: GFLOP/s of the WebAssembly SIMD kernel the engine runs (the fused build; through the engine's
// API, operands copied in and out), of the unfused build, of the fused kernel on operands already in wasm memory
// ("resident": what keeping tensors in wasm memory would buy), of the plain TS kernel, of the kernel's inner loop
// alone, and the measured f64x2 limit of this CPU; plus small sizes for the wasm/TS crossover.
import { setFlagsFromString } from "node:v8";
import wabtInit from "wabt";
import { type MatmulOptions, matmulTs, matmulWasm, wasmKernelKind, wasmMatmul } from "../../src/engine/kernels/matmul";
import { instantiateMatmul, type MatmulExports, wasmLayout } from "../../src/engine/kernels/matmul-wasm";
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

/** A private instance of the fused build with an m×k A and a k×n B placed in its memory, where wasmLayout puts them. */
function placed(m: number, k: number, n: number): { kernel: MatmulExports; at: ReturnType<typeof wasmLayout> } {
  const kernel = instantiateMatmul("fused");
  const at = wasmLayout(m, k, n);
  kernel.memory.grow(Math.ceil((at.end * 8) / 65536));
  const heap = new Float64Array(kernel.memory.buffer);
  heap.set(values(m * k, 1), at.a);
  heap.set(values(k * n, 2), at.b);
  return { kernel, at };
}

/** The fused kernel on operands placed in its memory once: times the kernel without copies. */
function resident(m: number, k: number, n: number, opts: MatmulOptions): () => void {
  const { kernel, at } = placed(m, k, n);
  const transA = opts.transA === true ? 1 : 0, transB = opts.transB === true ? 1 : 0;
  return () => kernel.matmul(at.a * 8, at.b * 8, at.aPack * 8, at.bPack * 8, at.c * 8, m, k, n, transA, transB);
}

/** Cases for op(A)·op(B) of m×k by k×n; a transposed operand is named in the case (e.g. "-tA"). */
function kernelCases(m: number, k: number, n: number, group: string, withResident: boolean, opts: MatmulOptions = {}): BenchCase[] {
  const size = `${m}x${k}x${n}${opts.transA === true ? "-tA" : ""}${opts.transB === true ? "-tB" : ""}`;
  const a = values(m * k, 1), b = values(k * n, 2), out = new Float64Array(m * n);
  const flops = 2 * m * k * n;
  const cases: BenchCase[] = [
    {
      name: `matmul-wasm-${size}`, group, flops,
      vs: [`matmul-ts-${size}`, ...(withResident ? ["f64x2-peak", `matmul-wasm-unfused-${size}`] : [])],
      run: () => void matmulWasm(a, b, out, m, k, n, opts),
    },
    { name: `matmul-ts-${size}`, group, flops, run: () => matmulTs(a, b, out, m, k, n, opts) },
  ];
  if (withResident) {
    const unfused = wasmMatmul("unfused");
    cases.push({
      name: `matmul-wasm-unfused-${size}`, group, flops, vs: ["f64x2-peak"],
      run: () => void unfused(a, b, out, m, k, n, opts),
    });
    let run = (): void => undefined;
    cases.push({
      name: `matmul-wasm-resident-${size}`, group, flops, vs: [`matmul-wasm-${size}`, "f64x2-peak"],
      setup: () => void (run = resident(m, k, n, opts)),
      run: () => run(),
    });
  }
  return cases;
}

// The limit of 128-bit WebAssembly on this CPU: independent fused multiply-adds from registers, no loads. FMA_CHAINS
// accumulators cover the FMA latency (4 cycles at 2 a cycle on Zen 3: 8 needed); each adds u·k, which V8 cannot
// merge across chains since the accumulator is part of every fma. On x86-64 an f64x2 multiply plus an f64x2 add
// run no more flops a cycle than one FMA (2 multiply and 2 add pipes vs 2 FMA pipes), and fewer in practice (twice
// the instructions to issue), so this is the limit for the unfused build too.
// Earlier designs undercounted or overcounted it: 6 chains of u = u·k; v += u sat exactly at both latencies and
// measured 14-26 GFLOP/s from run to run; v_i += u·k (one shared product) lets V8 compute the product once.
const FMA_CHAINS = 10;
const PEAK_ITERS = 100_000;
const peakWat = (): string => {
  const chains = Array.from({ length: FMA_CHAINS }, (_, i) => i);
  return `(module (func (export "peak") (param $n i32) (param $c f64) (result f64) (local $k v128) (local $u v128)
    ${chains.map((i) => `(local $v${i} v128)`).join(" ")}
    (local.set $k (f64x2.splat (local.get $c)))
    (local.set $u (f64x2.splat (f64.const 1e-9)))
    (loop $l
      ${chains.map((i) => `(local.set $v${i} (f64x2.relaxed_madd (local.get $u) (local.get $k) (local.get $v${i})))`).join(" ")}
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (local.get $n)))
    (f64x2.extract_lane 0 ${chains.slice(1).reduce((sum, i) => `(f64x2.add ${sum} (local.get $v${i}))`, "(local.get $v0)")})))`;
};

let peak: (n: number, c: number) => number = () => 0;
const peakCase: BenchCase = {
  name: "f64x2-peak", group: "matmul", flops: PEAK_ITERS * FMA_CHAINS * 4,
  setup: async () => {
    // main.ts turned relaxed SIMD on before any case ran, as the runner's worker does
    if (wasmKernelKind() !== "fused") throw new Error("bench: the engine does not run the fused matmul build here");
    const wabt = await wabtInit();
    const mod = wabt.parseWat("peak.wat", peakWat(), { simd: true, relaxed_simd: true });
    const bytes = mod.toBinary({}).buffer;
    mod.destroy();
    // The whole measurement is one call, which never leaves V8's baseline code (Liftoff, ~8× slower) once entered:
    // compile it optimised from the start. The kernels tier up within their first call (they call $tile often).
    setFlagsFromString("--no-liftoff");
    const module = new WebAssembly.Module(bytes);
    setFlagsFromString("--liftoff");
    peak = new WebAssembly.Instance(module).exports.peak as typeof peak;
  },
  run: () => void peak(PEAK_ITERS, 0.99999999),
};

/**
 * The kernel's inner loop alone: one 4×4 tile over panels of 256 steps packed once (24 KiB, in L1), called again
 * and again. Against f64x2-peak it shows what the tile reaches before packing, copies and caches take their share,
 * and how much of a slow run is the machine: the same code measured 95% of the limit in one hour, 70% in another.
 */
const TILE_STEPS = 256;
const TILE_CALLS = 200;
let tileRun = (): void => undefined;
const tileCase: BenchCase = {
  name: "matmul-tile-l1", group: "matmul", flops: TILE_CALLS * TILE_STEPS * 4 * 4 * 2, vs: ["f64x2-peak"],
  setup: () => {
    const { kernel, at } = placed(4, TILE_STEPS, 4);
    kernel.matmul(at.a * 8, at.b * 8, at.aPack * 8, at.bPack * 8, at.c * 8, 4, TILE_STEPS, 4, 0, 0); // packs both panels
    tileRun = () => {
      for (let i = 0; i < TILE_CALLS; i++) kernel.tile(at.aPack * 8, at.bPack * 8, at.c * 8, TILE_STEPS, 32, 0);
    };
  },
  run: () => tileRun(),
};

const crossover = [[4, 4, 4], [8, 8, 8], [12, 12, 12], [16, 16, 16], [24, 24, 24], [32, 32, 32]] as const;

export const cases: BenchCase[] = [
  ...kernelCases(64, 1000, 100, "matmul", true),
  // The two-layer step's backward product dW1 = xᵀ·g: the other half of the step's matmul time.
  ...kernelCases(1000, 64, 100, "matmul", true, { transA: true }),
  ...kernelCases(256, 256, 256, "matmul", true),
  peakCase,
  tileCase,
  ...crossover.flatMap(([m, k, n]) => kernelCases(m, k, n, "matmul-crossover", false)),
];
