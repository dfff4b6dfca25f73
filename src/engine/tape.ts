// recordTape: observes every op application while fn runs and keeps it as plain data (docs/internals.md "engine").
// The engine does not know who records: the runner builds the graph from the tape, gradcheck reads its kinks.
import { type GradNode, setObserver } from "./autograd";
import { type CustomOpDef, type CustomSaved, inputLabel } from "./custom";
import type { Tensor } from "./tensor";

/** Where a non-smooth op's input sits; compare region() of the same node across runs to spot a crossed kink or tie. */
export interface NonSmooth {
  kind: "kink" | "tie";
  /**
   * A code per element: relu/abs the sign of x (0 on the kink); clamp 0 below min, 1 at min, 2 inside, 3 at max,
   * 4 above max (per input element); max and maxPool2d the flat input index of each output element's maximum.
   */
  region(): Int32Array;
  /** Flat indices of input 0 sitting exactly on a non-differentiable point (every element of a tied maximum). */
  atPoint(): number[];
}

export interface TapeNode {
  id: number;
  kind: "input" | "const" | "op" | "custom";
  /** The op's name; "input" or "const" for leaves. */
  op: string;
  inputs: number[];
  tensor: Tensor;
  /** The op's arguments (dims, kernel, bounds, a number operand as `other`); an input's name as `name`. */
  attrs: Record<string, unknown>;
  rule?: string;
  site?: unknown;
  /**
   * A custom op's call. args: the tensor inputs; callArgs: every argument of the call in order (to re-run forward
   * with others); inputLabels: each tensor input as messages name it ("input 0 (x)").
   */
  custom?: {
    def: CustomOpDef; saved: Tensor[]; args: Tensor[]; callArgs: unknown[]; definedAt: string; inputLabels: string[];
  };
  nonSmooth?: NonSmooth;
}

export interface Tape {
  nodes: TapeNode[];
}

/** The node that recorded `t` (an op's result, or a leaf the tape met), if any. */
export function nodeOf(tape: Tape, t: Tensor): TapeNode | undefined {
  return tape.nodes.find((n) => n.tensor === t);
}

export interface RecordOptions {
  /** Called at each op application; its value is kept as the node's `site` (the runner: the stack as text). */
  site?: () => unknown;
  /** Keep .grad on every recorded op result after backward, not only on leaves. */
  retainGrads?: boolean;
  /** Leaves to record as "input" nodes with these names, first and in this order, even when unused. */
  inputs?: Map<Tensor, string>;
}

/**
 * Runs `fn` telling `onOp` the result of each op it applies, and keeps nothing: unlike a tape, which holds every
 * tensor it records, this lets a training loop's intermediates be collected (the runner uses it on module code).
 */
export function watchOps<T>(fn: () => T, onOp: (output: Tensor) => void): T {
  const prev = setObserver((node) => onOp(node.output));
  try {
    return fn();
  } finally {
    setObserver(prev);
  }
}

export function recordTape<T>(fn: () => T, opts: RecordOptions = {}): { result: T; tape: Tape } {
  const tape: Tape = { nodes: [] };
  const ids = new Map<Tensor, number>();
  const leaf = (t: Tensor, name?: string): number => {
    const id = tape.nodes.length;
    const kind = name === undefined ? "const" : "input";
    tape.nodes.push({ id, kind, op: kind, inputs: [], tensor: t, attrs: name === undefined ? {} : { name } });
    ids.set(t, id);
    return id;
  };
  for (const [t, name] of opts.inputs ?? []) leaf(t, name);

  const observe = (node: GradNode): void => {
    const inputs = node.inputs.map((t) => ids.get(t) ?? leaf(t));
    const id = tape.nodes.length;
    const custom = node.def.kind === "custom" ? (node.saved as CustomSaved) : undefined;
    const entry: TapeNode = {
      id, kind: custom ? "custom" : "op", op: node.def.name, inputs, tensor: node.output,
      attrs: custom ? {} : (node.attrs as Record<string, unknown>), rule: node.def.rule,
    };
    if (opts.site) entry.site = opts.site();
    if (custom) {
      entry.custom = {
        def: custom.def, saved: [...custom.ctx.saved], args: [...node.inputs], callArgs: [...custom.args], definedAt: custom.definedAt,
        inputLabels: node.inputs.map((_, i) => inputLabel(node, i)),
      };
    }
    if (node.def.nonSmooth) {
      // Computed now: the inputs may be perturbed in place later (gradcheck), and the tape must describe this run.
      const info = node.def.nonSmooth(node);
      entry.nonSmooth = { kind: info.kind, region: () => info.region.slice(), atPoint: () => [...info.atPoint] };
    }
    if (opts.retainGrads && node.output.requiresGrad) node.output.retainsGrad = true;
    tape.nodes.push(entry);
    ids.set(node.output, id);
  };

  const prev = setObserver(observe);
  try {
    return { result: fn(), tape };
  } finally {
    setObserver(prev);
  }
}
