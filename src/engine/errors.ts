// Errors a user can act on. Each carries the report's error code so the runner can classify it without
// parsing messages (contract §3: "shape", "memory", "runtime").

/**
 * Where to blame an error whose own stack holds no user code, as stack text: a custom op's definition when what its
 * backward returned is wrong (the backward has returned by then; the walker that finds the fault is the engine's).
 */
export interface BlamesSite {
  site?: string;
}

/** Shapes that do not fit together; the message names the op and both shapes. */
export class ShapeError extends Error implements BlamesSite {
  readonly code = "shape";
  override name = "ShapeError";
  site?: string;
}

/** The tensors allocated during a run went past the memory budget (see memory.ts). */
export class MemoryBudgetError extends Error {
  readonly code = "memory";
  override name = "MemoryBudgetError";
}

/** A bad argument: the message names the argument and what was expected. */
export class ArgumentError extends Error implements BlamesSite {
  readonly code = "runtime";
  override name = "ArgumentError";
  site?: string;
}

/** "[64, 1000]": how every message in the engine prints a shape. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
