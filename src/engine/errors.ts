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

/**
 * A bad argument as the user wrote it, for messages: `[2, NaN]`, `"3"`, `undefined` (JSON would print NaN and
 * Infinity as null, and leave undefined out). Long arrays are cut after a few elements, nesting after two levels.
 */
export function fmtArgument(v: unknown, depth = 2): string {
  if (Array.isArray(v)) {
    if (depth === 0) return "[…]";
    const shown = v.slice(0, 8).map((d) => fmtArgument(d, depth - 1));
    return `[${shown.join(", ")}${v.length > 8 ? ", …" : ""}]`;
  }
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number" || typeof v === "boolean" || v === null || v === undefined) return String(v);
  return typeof v;
}

/** "[64, 1000]": how every message in the engine prints a shape. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}
