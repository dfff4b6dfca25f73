// The engine's single entry point for matrix products on Float64Arrays.
import { matmulTs } from "./matmul-ts";
import { matmulWasm } from "./matmul-wasm";
import type { MatmulOptions } from "./matmul-options";

export type { MatmulOptions } from "./matmul-options";
export { matmulTs } from "./matmul-ts";
export { matmulWasm, wasmKernelKind, wasmMatmul, type WasmKernelKind } from "./matmul-wasm";

/**
 * Below this many multiply-adds (m·k·n) the TS kernel is as fast: copying operands into wasm memory and packing
 * them costs about what the SIMD saves. `npm run bench -- --filter crossover` put the break-even near 8×8×8 and
 * wasm 3× ahead at 12×12×12; this sits between, with room for thin shapes that the 4×4 tiles pad.
 */
export const WASM_MIN_MULADDS = 1024;

/**
 * out = op(A)·op(B), row-major, out (m×n) overwritten; op(A) is m×k, op(B) is k×n.
 * A is stored m×k (k×m when transA), B is stored k×n (n×k when transB). out must not alias a or b.
 * Every kernel sums each element in order p = 0..k-1; the TS kernel and the unfused wasm build round the product
 * and the sum separately and agree bit for bit, the fused build rounds once per step (matmul-wasm.ts).
 */
export function matmul(
  a: Float64Array, b: Float64Array, out: Float64Array,
  m: number, k: number, n: number, opts?: MatmulOptions,
): void {
  if (m * k * n >= WASM_MIN_MULADDS && matmulWasm(a, b, out, m, k, n, opts)) return;
  matmulTs(a, b, out, m, k, n, opts);
}
