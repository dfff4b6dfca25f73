// The few members of the WebAssembly JS API the kernels (and the runner's feature probe) use. TypeScript declares
// them only in lib.dom, which the Node side of the project does not load (its lib is ES2022).
declare namespace WebAssembly {
  /** True when `bytes` is a module this runtime can compile (with the features it has on right now). */
  function validate(bytes: Uint8Array): boolean;
  class Module {
    constructor(bytes: Uint8Array);
  }
  class Instance {
    constructor(module: Module, imports?: object);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    readonly buffer: ArrayBuffer;
    /** Grows by `pages` 64 KiB pages; throws RangeError past the maximum. Detaches the previous buffer. */
    grow(pages: number): number;
  }
}
