// The engine's single entry point for matrix products on Float64Arrays.
import { matmulTs } from "./matmul-ts";
import type { MatmulOptions } from "./matmul-options";

export type { MatmulOptions } from "./matmul-options";
export { matmulTs } from "./matmul-ts";

/**
 * out = op(A)·op(B), row-major, out (m×n) overwritten; op(A) is m×k, op(B) is k×n.
 * A is stored m×k (k×m when transA), B is stored k×n (n×k when transB). out must not alias a or b.
 */
export function matmul(
  a: Float64Array, b: Float64Array, out: Float64Array,
  m: number, k: number, n: number, opts?: MatmulOptions,
): void {
  matmulTs(a, b, out, m, k, n, opts);
}
