// Plain TypeScript matmul: the fallback when WebAssembly is unavailable or the product is too small to pay for
// copying operands into wasm memory, and the reference the wasm kernel is tested against.
import type { MatmulOptions } from "./matmul-options";

/**
 * out = op(A)·op(B), row-major, out (m×n) overwritten. op(A) is m×k, op(B) is k×n.
 * A is stored m×k, or k×m when transA; B is stored k×n, or n×k when transB.
 * Allocates nothing: loop orders are chosen per combination so the innermost loop walks memory contiguously.
 * No zero-skipping: 0·Inf must still give NaN, or the checker could not report where a NaN came from.
 */
export function matmulTs(
  a: Float64Array, b: Float64Array, out: Float64Array,
  m: number, k: number, n: number, opts: MatmulOptions = {},
): void {
  const transA = opts.transA === true;
  const transB = opts.transB === true;
  if (transB) {
    // Rows of op(B) are rows of the stored B (n×k): each out[i][j] is a dot product of two contiguous rows
    // when A is not transposed; otherwise A's column is strided, which only matters for small k.
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        const bRow = j * k;
        if (transA) for (let p = 0; p < k; p++) s += a[p * m + i] * b[bRow + p];
        else {
          const aRow = i * k;
          for (let p = 0; p < k; p++) s += a[aRow + p] * b[bRow + p];
        }
        out[i * n + j] = s;
      }
    }
    return;
  }
  // i-k-j: broadcast one element of A across a contiguous row of B into a contiguous row of out.
  out.fill(0, 0, m * n);
  for (let i = 0; i < m; i++) {
    const outRow = i * n;
    for (let p = 0; p < k; p++) {
      const aip = transA ? a[p * m + i] : a[i * k + p];
      const bRow = p * n;
      for (let j = 0; j < n; j++) out[outRow + j] += aip * b[bRow + j];
    }
  }
}
