// WebAssembly features the engine's kernels want, turned on where the runtime has them behind a flag.
// Relaxed SIMD gives the fused matmul build (src/engine/kernels/matmul-wasm.ts): V8 ships it from 11.4 (Node 22,
// VS Code's Electron), Node 20's V8 11.3 has it complete behind --experimental-wasm-relaxed-simd. The flag is
// process-wide and read when a module is compiled, so this runs before the engine's first product; where the
// runtime already validates relaxed SIMD, no flag is touched.
import { setFlagsFromString } from "node:v8";

/** `(module (func (param v128 v128 v128) (result v128) (f64x2.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))` */
const RELAXED_MADD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 8, 1, 96, 3, 123, 123, 123, 1, 123, 3, 2, 1, 0, 10, 13, 1, 11, 0, 32, 0, 32, 1, 32,
  2, 253, 135, 2, 11,
]);

/** Makes relaxed SIMD available to modules compiled from now on; true when it is. */
export function enableRelaxedSimd(): boolean {
  if (WebAssembly.validate(RELAXED_MADD_PROBE)) return true;
  setFlagsFromString("--experimental-wasm-relaxed-simd");
  return WebAssembly.validate(RELAXED_MADD_PROBE);
}
