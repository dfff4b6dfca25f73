// customOp: an op whose backward the user writes by hand (contract §1). It becomes one "custom" node in the graph;
// the ops its forward uses inside are not recorded or differentiated. The backward walker checks what its
// backward returns (count and shapes) and names the op and the input when it is wrong.
import { type GradNode, type OpDef, apply } from "./autograd";
import { ArgumentError } from "./errors";
import { Tensor } from "./tensor";

export interface CustomCtx {
  /** The tensors passed to saveForBackward, in order. */
  saved: Tensor[];
  saveForBackward(...tensors: Tensor[]): void;
}

export type CustomGrads = Tensor | null | (Tensor | null)[];

export interface CustomOpDef<Args extends unknown[] = any[]> {
  name: string;
  forward(ctx: CustomCtx, ...args: Args): Tensor;
  /** One gradient per tensor argument (a lone tensor when there is one; null for an input that gets none). */
  backward(ctx: CustomCtx, grad: Tensor): CustomGrads;
}

/** What a custom node keeps: the user's definition, the ctx its forward filled and where customOp() was called. */
export interface CustomSaved {
  def: CustomOpDef;
  ctx: CustomCtx;
  /** Every argument of the call, tensors and others, in order. */
  args: unknown[];
  definedAt: string;
}

export interface CustomAttrs {
  /** Position of each tensor input among the call's arguments. */
  tensorPositions: number[];
  /** The forward's parameter names after ctx, to name inputs in errors. */
  paramNames: string[];
  /** Every argument of the call, tensors and others, in order. */
  callArgs: unknown[];
}

/** A fresh context: what forward saves, backward reads (gradcheck replays custom ops with its own). */
export function makeCtx(): CustomCtx {
  const ctx: CustomCtx = {
    saved: [],
    saveForBackward(...tensors) {
      tensors.forEach((t, i) => {
        if (!(t instanceof Tensor)) throw new ArgumentError(`saveForBackward: argument ${i} is not a Tensor`);
      });
      ctx.saved = tensors;
    },
  };
  return ctx;
}

/**
 * Gives back the names the user wrote for a function's parameters, given the function's source as it runs and the
 * names read from it: a bundler may have renamed them (esbuild turns a parameter `y` into `y2` when the file also
 * has a top-level `y`). The runner installs one that reads the bundle's source map; without it, names stay as read.
 */
export type OriginalNames = (source: string, names: string[]) => string[];
const namesAsRead: OriginalNames = (_source, names) => names;
let originalNames = namesAsRead;

export function setOriginalNames(restore: OriginalNames | null): void {
  originalNames = restore ?? namesAsRead;
}

let userCodeReturned: () => void = () => {};
// Taken at load: the model may replace Function.prototype.call or Reflect.apply before it calls its ops.
const { apply: callWith } = Reflect;

/**
 * Called each time a call into the model's code made through userCall returns or throws to gradlens's own code:
 * the runner puts back, there, the built-ins the model patched inside it, so the engine and checker code that runs
 * next runs on the originals.
 */
export function setUserCodeReturned(fn: (() => void) | null): void {
  userCodeReturned = fn ?? (() => {});
}

/** How many calls into the model's code are running, one inside another (a custom op inside a forward). */
let depth = 0;

/**
 * `fn` called as a method of `self`, telling the runner when control is back in gradlens's own code (see
 * setUserCodeReturned): a custom op returning into the forward that called it does not count, so the built-ins
 * are put back once per forward pass, not once per op (thousands of times in a full check).
 */
export function userCall<A extends unknown[], R>(fn: (...args: A) => R, self: unknown): (...args: A) => R {
  return (...args: A): R => {
    depth++;
    try {
      return callWith(fn, self, args);
    } finally {
      if (--depth === 0) userCodeReturned();
    }
  };
}

/** Parameter names of a function from its source: best effort, for messages only. */
function paramNamesOf(fn: Function): string[] {
  const source = Function.prototype.toString.call(fn);
  const params = /^[^(]*\(([^)]*)\)/.exec(source)?.[1] ?? "";
  return originalNames(source, params.split(",").map((p) => p.trim().replace(/^\.\.\./, "").replace(/\s*[=:].*$/, "")));
}

/** "input 1 (y)": an op's tensor input, by the custom op forward's parameter name (after ctx) when known; for messages. */
export function inputLabel(node: GradNode, index: number): string {
  const { tensorPositions, paramNames } = node.attrs as Partial<CustomAttrs>;
  const name = tensorPositions && paramNames ? paramNames[tensorPositions[index]] : undefined;
  return name ? `input ${index} (${name})` : `input ${index}`;
}

export function customOp<Args extends unknown[]>(def: CustomOpDef<Args>): (...args: Args) => Tensor {
  if (typeof def?.name !== "string" || def.name === "") throw new ArgumentError("customOp: name must be a non-empty string");
  for (const key of ["forward", "backward"] as const) {
    if (typeof def[key] !== "function") throw new ArgumentError(`customOp ${def.name}: ${key} must be a function`);
  }
  const definedAt = new Error(`customOp ${def.name}`).stack ?? "";
  const paramNames = paramNamesOf(def.forward).slice(1);
  // From here on, every call into the user's forward and backward tells the runner when it returns.
  def = { name: def.name, forward: userCall(def.forward, def), backward: userCall(def.backward, def) };
  const opDef: OpDef<CustomAttrs, CustomSaved> = {
    name: def.name,
    kind: "custom",
    rule: `${def.name}: the hand-written backward`,
    forward: (_, { callArgs }) => {
      const ctx = makeCtx();
      const result = def.forward(ctx, ...(callArgs as Args));
      if (!(result instanceof Tensor)) {
        throw new ArgumentError(`${def.name}.forward must return a Tensor, got ${result === null ? "null" : typeof result}`);
      }
      // A fresh tensor object (sharing the data) so the custom node owns its output even if forward returned an input.
      const out = new Tensor(result.data, result.shape);
      return { out, saved: { def: def as CustomOpDef, ctx, args: callArgs, definedAt } };
    },
    backward: (g, node) => def.backward(node.saved.ctx, g),
  };
  return (...callArgs: Args) => {
    const tensorPositions = callArgs.flatMap((a, i) => (a instanceof Tensor ? [i] : []));
    return apply(opDef, tensorPositions.map((i) => callArgs[i] as Tensor), { tensorPositions, paramNames, callArgs });
  };
}
