// How an op is defined and applied. An op is defined once (OpDef: forward with its shape rule, backward, the
// one-line gradient rule, and for non-smooth ops where the input sits on a kink or tie); `apply` is the single
// place that runs a forward, links the result into the graph and tells an observer (the tape) about it.
import { Tensor } from "./tensor";

export type Attrs = Record<string, unknown>;

/** Where a non-smooth op's input sits, computed when a tape records the op (see tape.ts for the codes). */
export interface NonSmoothInfo {
  kind: "kink" | "tie";
  /** A code per element telling which smooth piece the op is on. */
  region: Int32Array;
  /** Flat indices of input 0 sitting exactly on a non-differentiable point. */
  atPoint: number[];
}

export interface OpDef<A = Attrs, S = unknown> {
  name: string;
  /** The local gradient rule in one line, e.g. "mul swaps: dx = y·g, dy = x·g" (shown by the checker and panel). */
  rule: string;
  /** "custom" for customOp; built-in ops leave it out. */
  kind?: "custom";
  /** Computes the result; throws ShapeError/ArgumentError on bad inputs. `saved` is what backward needs besides inputs and output. */
  forward(inputs: Tensor[], attrs: A): Tensor | { out: Tensor; saved: S };
  /**
   * One gradient per input (null where none; a lone tensor for a one-input op). A gradient may have the
   * output's broadcast shape: the backward walker sums it down to the input's shape. Absent: not differentiable.
   */
  backward?(g: Tensor, node: GradNode<A, S>): (Tensor | null)[] | Tensor | null;
  nonSmooth?(node: GradNode<A, S>): NonSmoothInfo;
}

/** One op application: the graph edge list autograd walks and the tape records. */
export interface GradNode<A = Attrs, S = unknown> {
  def: OpDef<A, S>;
  inputs: Tensor[];
  attrs: A;
  saved: S;
  output: Tensor;
  /** Set once backward has released the node (the graph is freed unless retainGraph). */
  freed: boolean;
}

let gradEnabled = true;
let observer: ((node: GradNode) => void) | null = null;

/** Runs `fn` without building a graph: results do not require grad. */
export function noGrad<T>(fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = prev;
  }
}

/** Runs `fn` unseen by the tape and without a graph: for ops used inside other ops (backward, custom forwards). */
export function unobserved<T>(fn: () => T): T {
  const prev = observer;
  observer = null;
  try {
    return noGrad(fn);
  } finally {
    observer = prev;
  }
}

/** Installs `next` as the observer of every op application; returns the previous one so callers can nest. */
export function setObserver(next: ((node: GradNode) => void) | null): ((node: GradNode) => void) | null {
  const prev = observer;
  observer = next;
  return prev;
}

export function apply<A, S>(def: OpDef<A, S>, inputs: Tensor[], attrs: A): Tensor {
  // As unobserved(), inlined: apply runs for every op, and small graphs (an LSTM step) are mostly this overhead.
  const prevObserver = observer;
  const prevGrad = gradEnabled;
  observer = null;
  gradEnabled = false;
  let res: Tensor | { out: Tensor; saved: S };
  try {
    res = def.forward(inputs, attrs);
  } finally {
    observer = prevObserver;
    gradEnabled = prevGrad;
  }
  const out = res instanceof Tensor ? res : res.out;
  const saved = res instanceof Tensor ? (undefined as S) : res.saved;
  const node: GradNode<A, S> = { def, inputs, attrs, saved, output: out, freed: false };
  if (gradEnabled && def.backward !== undefined && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.node = node as GradNode;
  }
  observer?.(node as GradNode);
  return out;
}
