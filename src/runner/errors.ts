// Turns whatever the user's file threw into the contract's error object, at the user's own line.
import type { BlamesSite } from "../engine/internal";
import type { ErrorCode, ReportError } from "../protocol";
import type { SiteMapper } from "./sites";

/** The engine's errors carry their code (ShapeError "shape", MemoryBudgetError "memory", ArgumentError "runtime"). */
function codeOf(e: unknown): ErrorCode {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === "shape" || code === "memory" || code === "runtime") return code;
  // V8's own allocation failures: a typed array or array too large for the heap.
  if (e instanceof RangeError && /allocation failed|invalid (typed )?array length/i.test(e.message)) return "memory";
  return "runtime";
}

/**
 * The error's code and message (the user's own, with the error's class when it is not a plain Error), at the
 * innermost frame in the user's file: for a ShapeError the line that called the op, for a throw the throw itself;
 * failing that, where the engine blames it (a custom op's definition for what its backward returned).
 */
export function toReportError(e: unknown, mapper: SiteMapper): ReportError {
  const code = codeOf(e);
  if (!(e instanceof Error)) return { code, message: `uncaught ${typeof e === "string" ? JSON.stringify(e) : String(e)}` };
  const kind = e.name && !["Error", "ShapeError", "MemoryBudgetError", "ArgumentError"].includes(e.name) ? `${e.name}: ` : "";
  const at = mapper.first(e) ?? mapper.first((e as BlamesSite).site);
  return at ? { code, message: kind + e.message, line: at.line, column: at.column } : { code, message: kind + e.message };
}
