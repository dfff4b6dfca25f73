// What gradcheck and the runner use beyond the public API (docs/internals.md "engine"); not for model files.
export * from "./index";
export type { Data } from "./tensor";
export { nodeOf, recordTape, watchOps } from "./tape";
export type { NonSmooth, RecordOptions, Tape, TapeNode } from "./tape";
export { isCheck } from "./check";
export type { Check, Inputs } from "./check";
export type { CustomSaved } from "./custom";
export { makeCtx } from "./custom";
export { ArgumentError, MemoryBudgetError, ShapeError } from "./errors";
export { memoryUsage, resetMemoryUsage, setMemoryBudget, setMemoryProbe } from "./memory";
