// Elementwise loops compiled from an expression, one loop per op. A shared loop calling a closure per element
// makes that call megamorphic (V8 cannot inline it) and measured 3–4× slower on a [64, 100] mul; a loop of its
// own per op keeps the arithmetic inline. The expressions are constants written in this engine, never user input.
import type { Data } from "../tensor";

/** out[i] = expr(x, y) with x = X[ia[i]] and y = Y[ib[i]] (identity maps when null); Y may be a plain number. */
export type BinaryLoop = (X: Data, Y: Data | number, out: Data, ia: Int32Array | null, ib: Int32Array | null) => void;
/** out[i] = expr(x) with x = X[i]; p and q are the op's parameters (clamp's bounds). */
export type UnaryLoop = (X: Data, out: Data, p: number, q: number) => void;
/** out[i] = G[i] where cond(x = X[i]) holds, else 0; p and q are the op's parameters. */
export type GateLoop = (G: Data, X: Data, out: Data, p: number, q: number) => void;

export function binaryLoop(expr: string): BinaryLoop {
  return new Function("X", "Y", "out", "ia", "ib", `"use strict";
    const n = out.length;
    if (typeof Y === "number") {
      const y = Y;
      for (let i = 0; i < n; i++) { const x = X[i]; out[i] = ${expr}; }
    } else if (ia === null && ib === null) {
      for (let i = 0; i < n; i++) { const x = X[i], y = Y[i]; out[i] = ${expr}; }
    } else {
      for (let i = 0; i < n; i++) { const x = X[ia === null ? i : ia[i]], y = Y[ib === null ? i : ib[i]]; out[i] = ${expr}; }
    }`) as BinaryLoop;
}

export function unaryLoop(expr: string): UnaryLoop {
  return new Function("X", "out", "p", "q", `"use strict";
    for (let i = 0; i < out.length; i++) { const x = X[i]; out[i] = ${expr}; }`) as UnaryLoop;
}

/**
 * Branch-free: the loop copies G's bits as 32-bit words under the mask -cond (all ones or all zeros), because a
 * branch on the sign of activations is mispredicted about half the time (relu's backward at [64, 100] measured
 * 57 µs with `if (cond)`, 39 µs masked). Copying bits keeps every value exact. Join comparisons in `cond` with `&`:
 * `&&` would branch again.
 */
export function gateLoop(cond: string): GateLoop {
  return new Function("G", "X", "out", "p", "q", `"use strict";
    const words = G.BYTES_PER_ELEMENT / 4;
    const g = new Int32Array(G.buffer, G.byteOffset, G.length * words);
    const o = new Int32Array(out.buffer, out.byteOffset, out.length * words);
    if (words === 2) {
      for (let i = 0; i < X.length; i++) { const x = X[i], keep = -(${cond}); o[2 * i] = g[2 * i] & keep; o[2 * i + 1] = g[2 * i + 1] & keep; }
    } else {
      for (let i = 0; i < X.length; i++) { const x = X[i], keep = -(${cond}); o[i] = g[i] & keep; }
    }`) as GateLoop;
}
