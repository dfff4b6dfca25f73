// Every matmul kernel against the plain triple loop, for every transpose combination and for sizes that hit
// every edge: 1×1, k = 1, sizes that are not multiples of the 4×4 tile, k past one 256-step block.
// All sum in order p = 0..k-1, so results must match exactly: the TS kernel and the unfused wasm build the loop
// `s += a·b`, the fused build the loop `s = fma(a, b, s)`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { WASM_MIN_MULADDS, matmul, matmulTs, matmulWasm, wasmKernelKind, wasmMatmul } from "../../../src/engine/kernels/matmul";
import { enableRelaxedSimd } from "../../../src/runner/wasm-features";
import { exactFma } from "./exact-fma";

// As the runner's worker does, before the engine's first product: the engine then runs the fused build.
const relaxedSimd = enableRelaxedSimd();

type Combo = { transA: boolean; transB: boolean };
const combos: Combo[] = [
  { transA: false, transB: false }, { transA: true, transB: false },
  { transA: false, transB: true }, { transA: true, transB: true },
];

/** A tiny deterministic generator, so a failure reproduces. */
function filled(size: number, seed: number): Float64Array {
  const out = new Float64Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

type Rounding = "unfused" | "fused";

/** The definition, index by index: out[i][j] = Σ_p op(A)[i][p]·op(B)[p][j], each step rounded as `rounding` says. */
function naive(a: Float64Array, b: Float64Array, m: number, k: number, n: number, o: Combo, rounding: Rounding = "unfused"): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const aip = o.transA ? a[p * m + i] : a[i * k + p];
        const bpj = o.transB ? b[j * k + p] : b[p * n + j];
        s = rounding === "fused" ? exactFma(aip, bpj, s) : s + aip * bpj;
      }
      out[i * n + j] = s;
    }
  }
  return out;
}

/** Element-wise identity (Object.is: NaN equals NaN, 0 differs from -0), ignoring NaN payload bits. */
const same = (actual: Float64Array, expected: Float64Array, what: string): void =>
  assert.deepEqual(Array.from(actual), Array.from(expected), what);

type Kernel = (a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number, o: Combo) => void;
const declined = (ran: boolean): void => assert.ok(ran, "wasm kernel declined");
const unfused = wasmMatmul("unfused");

/**
 * relaxed_madd may fuse or not, as the CPU allows: V8 emits an FMA instruction when the CPU has one (x86-64 "fma"
 * flag, every arm64), else a multiply and an add. Where we can tell, the fused build must really fuse.
 */
const cpuFuses = ((): boolean | undefined => {
  if (process.arch === "arm64") return true;
  try {
    return /^flags\s*:.*\bfma\b/m.test(readFileSync("/proc/cpuinfo", "utf8"));
  } catch {
    return undefined;
  }
})();
const fusedRounding: Rounding = cpuFuses === false ? "unfused" : "fused";

/** How a kernel rounds a product of this size. */
type RoundingOf = (m: number, k: number, n: number) => Rounding;
const always = (r: Rounding): RoundingOf => () => r;
// The engine hands small products to the TS kernel.
const engineRounding: RoundingOf = (m, k, n) =>
  wasmKernelKind() === "fused" && m * k * n >= WASM_MIN_MULADDS ? fusedRounding : "unfused";

const kernels: [string, Kernel, RoundingOf][] = [
  ["ts", matmulTs, always("unfused")],
  ["wasm unfused", (a, b, out, m, k, n, o) => declined(unfused(a, b, out, m, k, n, o)), always("unfused")],
  ["matmul (engine)", matmul, engineRounding],
];
if (relaxedSimd) {
  const fused = wasmMatmul("fused");
  kernels.push(["wasm fused", (a, b, out, m, k, n, o) => declined(fused(a, b, out, m, k, n, o)), always(fusedRounding)]);
}

const shapes: [number, number, number][] = [
  [1, 1, 1], [1, 7, 1], [5, 1, 3], [1, 9, 6], [6, 9, 1], [3, 5, 7], [4, 4, 4], [8, 3, 8],
  [13, 17, 11], [64, 33, 10], [9, 300, 6], [31, 513, 5], [2, 2, 35],
];

test("the fused wasm build loads once relaxed SIMD is on, and the engine uses it", () => {
  assert.equal(relaxedSimd, true, "relaxed SIMD could not be enabled in this runtime");
  assert.equal(wasmKernelKind(), "fused");
});

test("the fused build rounds once per step where the CPU fuses: (1 + 2^-52)·(1 − 2^-52) − 1", () => {
  if (!relaxedSimd || cpuFuses !== true) return;
  // Every row of A is [−1, 1 + 2^-52], every column of B is [1, 1 − 2^-52]: each C element is −1 then
  // + (1 + 2^-52)(1 − 2^-52) = −2^-104 exactly when fused; rounding the product first gives 1 − 1 = 0.
  const size = 16;
  const a = new Float64Array(size * 2), b = new Float64Array(2 * size);
  for (let i = 0; i < size; i++) {
    a[i * 2] = -1;
    a[i * 2 + 1] = 1 + 2 ** -52;
    b[i] = 1;
    b[size + i] = 1 - 2 ** -52;
  }
  const fused = new Float64Array(size * size), plain = new Float64Array(size * size);
  declined(wasmMatmul("fused")(a, b, fused, size, 2, size));
  declined(unfused(a, b, plain, size, 2, size));
  assert.deepEqual(new Set(fused), new Set([-(2 ** -104)]));
  assert.deepEqual(new Set(plain), new Set([0]));
});

for (const [name, kernel, rounding] of kernels) {
  for (const combo of combos) {
    test(`${name} equals the triple loop, rounded as it rounds (transA=${combo.transA}, transB=${combo.transB})`, () => {
      for (const [m, k, n] of shapes) {
        const a = filled(m * k, m * 1000 + k);
        const b = filled(k * n, n * 1000 + k + 1);
        // Stale values in out must be overwritten, not accumulated into.
        const out = new Float64Array(m * n).fill(123);
        kernel(a, b, out, m, k, n, combo);
        same(out, naive(a, b, m, k, n, combo, rounding(m, k, n)), `${m}×${k}×${n} (${rounding(m, k, n)})`);
      }
    });
  }
}

test("wasm kernel: a smaller product after a larger one reuses the memory correctly", () => {
  for (const [m, k, n] of [[40, 300, 40], [3, 2, 5], [40, 300, 40]] as const) {
    const a = filled(m * k, 1), b = filled(k * n, 2), out = new Float64Array(m * n);
    matmulWasm(a, b, out, m, k, n);
    same(out, naive(a, b, m, k, n, combos[0], fusedRounding), `${m}×${k}×${n}`);
  }
});

test("k = 0 gives zeros and empty products do nothing", () => {
  for (const [name, kernel] of kernels) {
    const out = new Float64Array(6).fill(5);
    kernel(new Float64Array(0), new Float64Array(0), out, 2, 0, 3, combos[0]);
    same(out, new Float64Array(6), name);
    kernel(new Float64Array(0), new Float64Array(4), new Float64Array(0), 0, 2, 2, combos[0]);
  }
});

test("NaN and Inf propagate as in the triple loop (no zero-skipping)", () => {
  const a = Float64Array.from([0, 1, Infinity, 2, 0, 1, 1, 1, 1]);
  const b = Float64Array.from([Infinity, 1, 0, NaN, 1, 2, 3, 4, 5]);
  for (const [name, kernel, rounding] of kernels) {
    const out = new Float64Array(9);
    kernel(a, b, out, 3, 3, 3, combos[0]);
    same(out, naive(a, b, 3, 3, 3, combos[0], rounding(3, 3, 3)), name);
  }
});

test("operands longer than needed: only the leading m·k and k·n values are read", () => {
  const a = filled(6 + 10, 3), b = filled(6 + 10, 4);
  for (const [name, kernel, rounding] of kernels) {
    const out = new Float64Array(4);
    kernel(a, b, out, 2, 3, 2, combos[0]);
    same(out, naive(a.subarray(0, 6), b.subarray(0, 6), 2, 3, 2, combos[0], rounding(2, 3, 2)), name);
  }
});
