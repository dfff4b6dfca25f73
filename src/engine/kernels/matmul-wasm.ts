// The WebAssembly SIMD matmul (matmul.wat), in two builds of the same source (scripts/build-wasm.mjs):
// - "fused": each multiply-add is one f64x2.relaxed_madd (one rounding; ~25-35% faster, see matmul.wat's header).
//   It needs relaxed SIMD: on by default from V8 11.4 (Node 22, VS Code's Electron), behind
//   --experimental-wasm-relaxed-simd in Node 20, which the runner's worker turns on (runner/wasm-features.ts).
// - "unfused": separate multiply and add, bit-identical to the TS kernel; used where relaxed SIMD is missing.
// The engine's kernel is the first build that loads in this thread, instantiated on first use, synchronously, with
// one memory that grows to the largest product seen (and stays: the next product of that size reuses it).
// Operands are copied in and the result copied out, because engine tensors live in ordinary Float64Arrays. The
// copies are the price of that: 10-15% at 64×1000×100 (bench: matmul-wasm-resident runs the same kernel on
// operands already in wasm memory). Packing from JS straight into wasm memory, instead of copy-then-pack in wasm,
// measured slower.
import { matmulUnfusedWasmBase64, matmulWasmBase64 } from "./generated/matmul.wasm";
import type { MatmulOptions } from "./matmul-options";

/** Which build runs: "fused" (one rounding per multiply-add), "unfused" (bit-identical to the TS kernel). */
export type WasmKernelKind = "fused" | "unfused";

/** The module's export: C = op(A)·op(B) with every operand at a byte offset in its memory (see matmul.wat). */
export interface MatmulExports {
  memory: WebAssembly.Memory;
  matmul(a: number, b: number, aPack: number, bPack: number, c: number,
    m: number, k: number, n: number, transA: number, transB: number): void;
  /** The inner loop alone: one 4×4 tile of C (row stride ldc bytes) += packed A panel · packed B panel (the bench). */
  tile(aPanel: number, bPanel: number, c: number, kc: number, ldc: number, accumulate: number): void;
}

/** Same contract as `matmul`; false (out untouched) when the operands do not fit wasm32 memory. */
export type WasmMatmul = (
  a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number, opts?: MatmulOptions,
) => boolean;

const PAGE_BYTES = 65536;
// Regions start on cache-line boundaries (in doubles).
const alignDoubles = (count: number): number => Math.ceil(count / 8) * 8;
const roundUp4 = (x: number): number => Math.ceil(x / 4) * 4;

/** Steps along k packed and multiplied at a time: KC in matmul.wat. */
const KC = 256;

/** Where each region sits in the kernel's memory, in doubles, for op(A) m×k by op(B) k×n. */
export function wasmLayout(m: number, k: number, n: number): Record<"a" | "b" | "aPack" | "bPack" | "c" | "end", number> {
  const kc = Math.min(k, KC); // the packs hold one block of k at a time
  const a = 0;
  const b = a + alignDoubles(m * k);
  const aPack = b + alignDoubles(k * n);
  const bPack = aPack + alignDoubles(4 * kc * 2); // one A panel: 4 rows, each value twice
  const c = bPack + alignDoubles((roundUp4(n) / 4) * (4 * kc + 8)); // B panels sit 64 bytes apart (matmul.wat)
  return { a, b, aPack, bPack, c, end: c + roundUp4(m) * roundUp4(n) };
}

/** Compiles and instantiates one build; throws when this runtime cannot (no WebAssembly, SIMD or relaxed SIMD). */
export function instantiateMatmul(kind: WasmKernelKind): MatmulExports {
  const binary = atob(kind === "fused" ? matmulWasmBase64 : matmulUnfusedWasmBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as MatmulExports;
}

/** A matmul on its own instance of one build (tests use both builds side by side). */
export function wasmMatmul(kind: WasmKernelKind): WasmMatmul {
  const wasm = instantiateMatmul(kind);
  let heap = new Float64Array(wasm.memory.buffer);

  /** Makes the memory at least `doubles` long; false when it cannot grow that far (wasm32 stops at 4 GiB). */
  const reserve = (doubles: number): boolean => {
    const bytes = doubles * 8;
    const have = wasm.memory.buffer.byteLength;
    if (bytes > 2 ** 32) return false;
    if (bytes > have) {
      try {
        wasm.memory.grow(Math.ceil((bytes - have) / PAGE_BYTES));
      } catch {
        return false;
      }
    }
    // A grown memory detaches the old buffer, so the view is renewed whenever the buffer changed.
    if (heap.buffer !== wasm.memory.buffer) heap = new Float64Array(wasm.memory.buffer);
    return true;
  };

  return (a, b, out, m, k, n, opts = {}) => {
    if (m === 0 || n === 0) return true;
    if (k === 0) {
      out.fill(0, 0, m * n);
      return true;
    }
    const at = wasmLayout(m, k, n);
    if (!reserve(at.end)) return false;
    heap.set(a.subarray(0, m * k), at.a);
    heap.set(b.subarray(0, k * n), at.b);
    wasm.matmul(at.a * 8, at.b * 8, at.aPack * 8, at.bPack * 8, at.c * 8, m, k, n,
      opts.transA === true ? 1 : 0, opts.transB === true ? 1 : 0);
    out.set(heap.subarray(at.c, at.c + m * n));
    return true;
  };
}

let engineKernel: { kind: WasmKernelKind; run: WasmMatmul } | null | undefined; // undefined: not tried yet

function load(): { kind: WasmKernelKind; run: WasmMatmul } | null {
  if (engineKernel !== undefined) return engineKernel;
  engineKernel = null;
  for (const kind of ["fused", "unfused"] as const) {
    try {
      engineKernel = { kind, run: wasmMatmul(kind) };
      break;
    } catch {
      // this build cannot load here: try the next; with none, callers use the TS kernel
    }
  }
  return engineKernel;
}

/** The build the engine uses in this thread, or null when only the TS kernel can run (decided on first use). */
export function wasmKernelKind(): WasmKernelKind | null {
  return load()?.kind ?? null;
}

/**
 * Same contract as `matmul`, computed by the engine's WebAssembly build. Returns false (out untouched) when no
 * build can run here or the operands do not fit its memory; the caller then uses the TS kernel.
 */
export function matmulWasm(
  a: Float64Array, b: Float64Array, out: Float64Array,
  m: number, k: number, n: number, opts?: MatmulOptions,
): boolean {
  const kernel = load();
  return kernel !== null && kernel.run(a, b, out, m, k, n, opts);
}
