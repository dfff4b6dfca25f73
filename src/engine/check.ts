// defineCheck: marks a model file's export as a gradient check (contract §1). The brand is a global symbol so the
// runner recognises checks made by any copy of the engine.
import { ArgumentError } from "./errors";
import { Tensor } from "./tensor";

const CHECK_BRAND = Symbol.for("gradlens.check");

export type Inputs = Record<string, Tensor>;

export interface CheckSpec<I extends Inputs = Inputs> {
  /** The leaf tensors whose gradients are checked. */
  inputs: I;
  /** Receives fresh leaves with the inputs' values; returns the tensor whose sum is differentiated. */
  forward(inputs: I): Tensor;
  /** Hand-derived gradients of forward(inputs).sum() with respect to each input. */
  manualGrads?(inputs: I): Partial<Record<keyof I, Tensor>>;
  eps?: number;
  atol?: number;
  rtol?: number;
  mode?: "full" | "fast" | "auto";
}

export type Check<I extends Inputs = Inputs> = CheckSpec<I> & { readonly [CHECK_BRAND]: true };

export function defineCheck<I extends Inputs>(spec: CheckSpec<I>): Check<I> {
  if (spec === null || typeof spec !== "object") throw new ArgumentError("defineCheck: expects an object { inputs, forward }");
  if (spec.inputs === null || typeof spec.inputs !== "object") {
    throw new ArgumentError("defineCheck: inputs must be an object of named tensors, e.g. { w: randn([3, 2]) }");
  }
  for (const [name, value] of Object.entries(spec.inputs)) {
    if (!(value instanceof Tensor)) throw new ArgumentError(`defineCheck: inputs.${name} must be a Tensor, got ${typeof value}`);
  }
  if (typeof spec.forward !== "function") throw new ArgumentError("defineCheck: forward must be a function of the inputs");
  if (spec.manualGrads !== undefined && typeof spec.manualGrads !== "function") {
    throw new ArgumentError("defineCheck: manualGrads must be a function of the inputs");
  }
  return Object.assign({}, spec, { [CHECK_BRAND]: true as const });
}

export function isCheck(value: unknown): value is Check {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[CHECK_BRAND] === true;
}
