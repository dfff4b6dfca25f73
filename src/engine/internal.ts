// What gradcheck and the runner use beyond the public API (docs/internals.md "engine"); not for model files.
export * from "./index";
export type { Data } from "./tensor";
export { nodeOf, recordTape, watchOps } from "./tape";
// Every op runs through it: the runner cuts the engine's frames off a stack there.
export { apply as applyOp } from "./autograd";
export type { NonSmooth, RecordOptions, Tape, TapeNode } from "./tape";
export { isCheck } from "./check";
export type { Check, Inputs } from "./check";
export type { CustomSaved } from "./custom";
export { makeCtx, setOriginalNames, setUserCodeReturned, userCall } from "./custom";
export { ArgumentError, MemoryBudgetError, ShapeError } from "./errors";
export type { BlamesSite } from "./errors";
export { memoryUsage, resetMemoryUsage, setMemoryBudget, setMemoryProbe } from "./memory";
