// Turns whatever the user's file threw into the contract's error object, at the user's own line. A model may throw
// anything (null, a symbol, a Promise, an object without a prototype, an Error whose getters throw): this never
// throws itself, or one check's odd throw would take the whole run, and the other checks' results, with it.
import { inspect, types } from "node:util";
import type { BlamesSite } from "../engine/internal";
import type { ErrorCode, ReportError } from "../protocol";
import type { SiteMapper } from "./sites";

/** How much of a thrown non-Error value a message shows. */
const MAX_SHOWN = 200;

/** The engine's errors carry their code (ShapeError "shape", MemoryBudgetError "memory", ArgumentError "runtime"). */
function codeOf(e: unknown): ErrorCode {
  const code = read(() => (e as { code?: unknown } | null)?.code);
  if (code === "shape" || code === "memory" || code === "runtime") return code;
  // V8's own allocation failures: a typed array or array too large for the heap.
  const message = e instanceof RangeError ? read(() => e.message) : undefined;
  if (typeof message === "string" && /allocation failed|invalid (typed )?array length/i.test(message)) return "memory";
  return "runtime";
}

/**
 * The error's code and message (the user's own, with the error's class when it is not a plain Error), at the
 * innermost frame in the user's file: for a ShapeError the line that called the op, for a throw the throw itself;
 * failing that, where the engine blames it (a custom op's definition for what its backward returned).
 */
export function toReportError(e: unknown, mapper: SiteMapper): ReportError {
  try {
    const code = codeOf(e);
    if (!isError(e)) return { code, message: `uncaught ${describe(e)}` };
    const at = read(() => mapper.first(e) ?? mapper.first((e as BlamesSite).site));
    const message = messageOf(e);
    return at ? { code, message, line: at.line, column: at.column } : { code, message };
  } catch {
    // Only what even util.inspect cannot read gets here: a Proxy whose getPrototypeOf trap throws.
    return { code: "runtime", message: "uncaught value that cannot be inspected (a Proxy whose traps throw)" };
  }
}

/** Errors of this realm or another (a `vm` context's): anything with an Error's stack and message. */
const isError = (e: unknown): e is Error => read(() => e instanceof Error) === true || types.isNativeError(e);

/** "message", or "TypeError: message" for an error class other than the plain and the engine's own. */
function messageOf(e: Error): string {
  const name = read(() => e.name);
  const kind = typeof name === "string" && name && !["Error", "ShapeError", "MemoryBudgetError", "ArgumentError"].includes(name) ? `${name}: ` : "";
  let message: unknown;
  try {
    message = e.message;
  } catch (inner) {
    // The class of what the getter threw, not its message: that could be another throwing getter, and so on.
    return `${kind}${classOf(e)} (its message getter threw ${isError(inner) ? classOf(inner) : describe(inner)})`;
  }
  return kind + (typeof message === "string" ? message : describe(message));
}

/**
 * A thrown value as a short one-line text naming what it is: `"text"`, `null`, `Symbol(x)`, `Promise { <pending> }`,
 * `[Object: null prototype] { a: 1 }`. The user's own code never runs for it: no toString, no inspect hook, no getter.
 */
function describe(value: unknown): string {
  if (typeof value === "string") return truncate(JSON.stringify(value));
  const shown = inspect(value, { customInspect: false, getters: false, depth: 2, breakLength: Infinity, maxArrayLength: 10, maxStringLength: MAX_SHOWN });
  return truncate(shown.replace(/\s*\n\s*/g, " "));
}

const truncate = (text: string) => (text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text);

/** The class an object was made by ("RangeError"), read without running its getters. */
function classOf(e: object): string {
  const name = read(() => Object.getOwnPropertyDescriptor(Object.getPrototypeOf(e).constructor, "name")?.value);
  return typeof name === "string" && name ? name : "Error";
}

/** What `get` returns, or undefined when reading it throws. */
function read<T>(get: () => T): T | undefined {
  try {
    return get();
  } catch {
    return undefined;
  }
}
