// Both matmul kernels against the plain triple loop, for every transpose combination and for sizes that hit
// every edge: 1×1, k = 1, sizes that are not multiples of the 4×4 tile, k past one 256-step block.
// Neither kernel fuses multiply and add and both sum in order p = 0..k-1, so results must match exactly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { matmul, matmulTs, matmulWasm, wasmAvailable } from "../../../src/engine/kernels/matmul";

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

/** The definition, index by index: out[i][j] = Σ_p op(A)[i][p]·op(B)[p][j]. */
function naive(a: Float64Array, b: Float64Array, m: number, k: number, n: number, o: Combo): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const aip = o.transA ? a[p * m + i] : a[i * k + p];
        const bpj = o.transB ? b[j * k + p] : b[p * n + j];
        s += aip * bpj;
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
const kernels: [string, Kernel][] = [
  ["ts", matmulTs],
  ["wasm", (a, b, out, m, k, n, o) => assert.ok(matmulWasm(a, b, out, m, k, n, o), "wasm kernel declined")],
  ["matmul", matmul],
];

const shapes: [number, number, number][] = [
  [1, 1, 1], [1, 7, 1], [5, 1, 3], [1, 9, 6], [6, 9, 1], [3, 5, 7], [4, 4, 4], [8, 3, 8],
  [13, 17, 11], [64, 33, 10], [9, 300, 6], [31, 513, 5], [2, 2, 35],
];

test("the wasm kernel loads in this runtime", () => {
  assert.equal(wasmAvailable(), true);
});

for (const [name, kernel] of kernels) {
  for (const combo of combos) {
    test(`${name} equals the triple loop (transA=${combo.transA}, transB=${combo.transB})`, () => {
      for (const [m, k, n] of shapes) {
        const a = filled(m * k, m * 1000 + k);
        const b = filled(k * n, n * 1000 + k + 1);
        // Stale values in out must be overwritten, not accumulated into.
        const out = new Float64Array(m * n).fill(123);
        kernel(a, b, out, m, k, n, combo);
        same(out, naive(a, b, m, k, n, combo), `${m}×${k}×${n}`);
      }
    });
  }
}

test("wasm kernel: a smaller product after a larger one reuses the memory correctly", () => {
  for (const [m, k, n] of [[40, 300, 40], [3, 2, 5], [40, 300, 40]] as const) {
    const a = filled(m * k, 1), b = filled(k * n, 2), out = new Float64Array(m * n);
    matmulWasm(a, b, out, m, k, n);
    same(out, naive(a, b, m, k, n, combos[0]), `${m}×${k}×${n}`);
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
  for (const [name, kernel] of kernels) {
    const out = new Float64Array(9);
    kernel(a, b, out, 3, 3, 3, combos[0]);
    same(out, naive(a, b, 3, 3, 3, combos[0]), name);
  }
});

test("operands longer than needed: only the leading m·k and k·n values are read", () => {
  const a = filled(6 + 10, 3), b = filled(6 + 10, 4);
  const expected = naive(a.subarray(0, 6), b.subarray(0, 6), 2, 3, 2, combos[0]);
  for (const [name, kernel] of kernels) {
    const out = new Float64Array(4);
    kernel(a, b, out, 2, 3, 2, combos[0]);
    same(out, expected, name);
  }
});
