// The WebAssembly SIMD matmul (matmul.wat): instantiated once per thread on first use, synchronously, with one
// memory that grows to the largest product seen (and stays: the next product of that size reuses it).
// Operands are copied in and the result copied out, because engine tensors live in ordinary Float64Arrays. The
// copies are the price of that: about 15% at 64×1000×100 (bench: matmul-wasm-resident runs the same kernel on
// operands already in wasm memory). Packing from JS straight into wasm memory, instead of copy-then-pack in wasm,
// measured slower.
import { matmulWasmBase64 } from "./generated/matmul.wasm";
import type { MatmulOptions } from "./matmul-options";

interface MatmulExports {
  memory: WebAssembly.Memory;
  matmul(a: number, b: number, aPack: number, bPack: number, c: number,
    m: number, k: number, n: number, transA: number, transB: number): void;
}

const PAGE_BYTES = 65536;
// Regions start on cache-line boundaries (in doubles).
const alignDoubles = (count: number): number => Math.ceil(count / 8) * 8;
const roundUp4 = (x: number): number => Math.ceil(x / 4) * 4;

let kernel: MatmulExports | null | undefined; // undefined: not tried yet; null: unavailable
let heap = new Float64Array(0);

function load(): MatmulExports | null {
  if (kernel !== undefined) return kernel;
  try {
    const binary = atob(matmulWasmBase64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    kernel = instance.exports as unknown as MatmulExports;
  } catch {
    kernel = null; // no WebAssembly or no SIMD: callers fall back to the TS kernel
  }
  return kernel;
}

/** True when the WebAssembly kernel can run in this thread. */
export function wasmAvailable(): boolean {
  return load() !== null;
}

/** Makes the memory at least `doubles` long; false when it cannot grow that far (wasm32 stops at 4 GiB). */
function reserve(k: MatmulExports, doubles: number): boolean {
  const bytes = doubles * 8;
  const have = k.memory.buffer.byteLength;
  if (bytes > have) {
    try {
      k.memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
    } catch {
      return false;
    }
  }
  // A grown memory detaches the old buffer, so the view is renewed whenever the buffer changed.
  if (heap.buffer !== k.memory.buffer) heap = new Float64Array(k.memory.buffer);
  return true;
}

/**
 * Same contract as `matmul`, computed by the WebAssembly kernel. Returns false (out untouched) when the kernel is
 * unavailable or the operands do not fit its memory; the caller then uses the TS kernel.
 */
export function matmulWasm(
  a: Float64Array, b: Float64Array, out: Float64Array,
  m: number, k: number, n: number, opts: MatmulOptions = {},
): boolean {
  const wasm = load();
  if (wasm === null) return false;
  if (m === 0 || n === 0) return true;
  if (k === 0) {
    out.fill(0, 0, m * n);
    return true;
  }
  const aAt = 0;
  const bAt = aAt + alignDoubles(m * k);
  const aPackAt = bAt + alignDoubles(k * n);
  const bPackAt = aPackAt + alignDoubles(roundUp4(m) * k);
  const cAt = bPackAt + alignDoubles(roundUp4(n) * k);
  const end = cAt + roundUp4(m) * roundUp4(n);
  if (end * 8 > 2 ** 32 || !reserve(wasm, end)) return false;
  heap.set(a.subarray(0, m * k), aAt);
  heap.set(b.subarray(0, k * n), bAt);
  wasm.matmul(aAt * 8, bAt * 8, aPackAt * 8, bPackAt * 8, cAt * 8, m, k, n,
    opts.transA === true ? 1 : 0, opts.transB === true ? 1 : 0);
  out.set(heap.subarray(cAt, cAt + m * n));
  return true;
}
