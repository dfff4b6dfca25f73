// Warnings about the model itself, read off the recorded forward and backward: NaN/Inf at their source,
// dead ReLU units, vanishing/exploding gradients, inputs that never reach the output.
import { type Tape, type TapeNode, type Tensor, nodeOf } from "../engine/internal";
import type { Diagnostic } from "../protocol";

/** A relu/clamp unit is dead when it is zero for every row of a batch at least this large (a chance of 2⁻¹⁶ per unit). */
const DEAD_RELU_MIN_BATCH = 16;
/** Gradient RMS ratios (earliest layer ÷ latest layer, or smallest input ÷ largest input) beyond which we warn. */
const VANISHING_RATIO = 1e-4;
const EXPLODING_RATIO = 1e4;

type Bad = "nan" | "inf";
const isBad = (kind: Bad) => (kind === "nan" ? Number.isNaN : (x: number) => x === Infinity || x === -Infinity);

function count(values: ArrayLike<number>, test: (x: number) => boolean): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (test(values[i])) n++;
  return n;
}

/**
 * The first op, in execution order, whose result holds a NaN (or ±Infinity) although none of its inputs does:
 * the op that produced it, not the ones that passed it on. Then the same for the backward pass, walked in the
 * order backward runs (latest node first), when the forward was clean.
 */
export function nonFiniteDiagnostics(tape: Tape, byId: Map<number, TapeNode>): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const kind of ["nan", "inf"] as const) {
    const test = isBad(kind);
    const label = kind === "nan" ? "NaN" : "±Infinity";
    const source = tape.nodes.find(
      (n) => n.kind !== "input" && n.kind !== "const" && count(n.tensor.data, test) > 0 &&
        n.inputs.every((i) => count(byId.get(i)!.tensor.data, test) === 0),
    );
    if (source) {
      const k = count(source.tensor.data, test);
      out.push({
        severity: kind === "nan" ? "error" : "warning", code: kind, node: source.id,
        message: `${source.op} produced ${k} ${label} value${k === 1 ? "" : "s"} from finite inputs; every later op only passes ${k === 1 ? "it" : "them"} on`,
      });
      continue;
    }
    const backwardSource = [...tape.nodes].reverse().find((n) => n.tensor.grad && count(n.tensor.grad.data, test) > 0);
    if (backwardSource) {
      out.push({
        severity: kind === "nan" ? "error" : "warning", code: kind, node: backwardSource.id,
        message: `the forward pass is finite, but the gradient reaching ${backwardSource.op} holds ${label} (backward runs from the output: this is the first node it reached)`,
      });
    }
  }
  return out;
}

const isRectifier = (n: TapeNode) =>
  n.op === "relu" || (n.op === "clamp" && typeof (n.attrs as { min?: unknown }).min === "number");

/** relu/clamp units (all dims but 0) that output their floor for every row of a large enough batch. */
export function deadReluDiagnostics(tape: Tape): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const n of tape.nodes) {
    const shape = n.tensor.shape;
    if (!isRectifier(n) || shape.length < 2 || shape[0] < DEAD_RELU_MIN_BATCH) continue;
    const floor = n.op === "relu" ? 0 : (n.attrs as { min: number }).min;
    const units = n.tensor.size / shape[0];
    let dead = 0;
    for (let u = 0; u < units; u++) {
      let allFloor = true;
      for (let row = 0; row < shape[0] && allFloor; row++) allFloor = n.tensor.data[row * units + u] === floor;
      if (allFloor) dead++;
    }
    if (dead > 0) {
      out.push({
        severity: "warning", code: "dead-relu", node: n.id,
        message: `${dead} of ${units} units of ${n.op} output ${floor} for all ${shape[0]} rows of the batch: they pass no gradient and their weights never learn (check the initialisation, the bias or the learning rate)`,
      });
    }
  }
  return out;
}

function rms(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i] * values[i];
  return values.length === 0 ? 0 : Math.sqrt(s / values.length);
}

interface GradientScale {
  label: string;
  node?: number;
  rms: number;
}

/**
 * Compares gradient scales along the network, earliest first: the layers (outputs of mm/matmul/conv2d, whose
 * gradients the recorded backward retained) and the checked inputs in the order the forward first uses them.
 * A gradient 10⁴ times smaller at the start than at the end is vanishing; 10⁴ times larger, exploding.
 */
function scaleDiagnostics(scales: GradientScale[], what: string): Diagnostic[] {
  const nonzero = scales.filter((s) => s.rms > 0 && Number.isFinite(s.rms));
  if (nonzero.length < 2) return [];
  const first = nonzero[0];
  const last = nonzero[nonzero.length - 1];
  const ratio = first.rms / last.rms;
  const fmt = (x: number) => x.toExponential(1);
  const detail = `gradient RMS ${fmt(first.rms)} at ${first.label} vs ${fmt(last.rms)} at ${last.label} (${what})`;
  if (ratio < VANISHING_RATIO) {
    return [{ severity: "warning", code: "vanishing-grad", node: first.node,
      message: `vanishing gradient: ${detail}, a ratio of ${fmt(ratio)}; the early ${what} barely learn (saturating activations, deep chains, small weights?)` }];
  }
  if (ratio > EXPLODING_RATIO) {
    return [{ severity: "warning", code: "exploding-grad", node: first.node,
      message: `exploding gradient: ${detail}, a ratio of ${fmt(ratio)}; consider smaller weights, normalisation or gradient clipping` }];
  }
  return [];
}

/** Ids of the nodes the output depends on (the output included). */
function ancestors(output: number | undefined, byId: Map<number, TapeNode>): Set<number> {
  const seen = new Set<number>();
  const stack = output === undefined ? [] : [output];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(byId.get(id)?.inputs ?? []));
  }
  return seen;
}

const LAYER_OPS = new Set(["mm", "matmul", "conv2d"]);

/** Vanishing/exploding gradients along the layers, or along the inputs when the model has fewer than two layers. */
export function gradientScaleDiagnostics(tape: Tape, leaves: Tensor[], names: string[]): Diagnostic[] {
  const layers = tape.nodes
    .filter((n) => LAYER_OPS.has(n.op) && n.tensor.grad)
    .map((n) => ({ label: `${n.op} (node ${n.id})`, node: n.id, rms: rms(n.tensor.grad!.data) }));
  // Inputs ordered by the first op that reads them: how deep in the network each one sits.
  const firstUse = (t: Tensor) => {
    const id = nodeOf(tape, t)?.id;
    return { id, order: id === undefined ? -1 : tape.nodes.findIndex((n) => n.inputs.includes(id)) };
  };
  const inputs = names
    .map((label, i) => ({ label, ...firstUse(leaves[i]), rms: rms(leaves[i].grad?.data ?? []) }))
    .filter((s) => s.order >= 0)
    .sort((a, b) => a.order - b.order)
    .map((s) => ({ label: s.label, node: s.id, rms: s.rms }));
  const byLayer = scaleDiagnostics(layers, "layers");
  return byLayer.length > 0 ? byLayer : scaleDiagnostics(inputs, "inputs");
}

/** Inputs with no path to the output (their gradient is null or zero). */
export function unusedInputDiagnostics(
  tape: Tape, byId: Map<number, TapeNode>, output: Tensor, leaves: Tensor[], names: string[],
): Diagnostic[] {
  const outputNode = nodeOf(tape, output);
  const reached = ancestors(outputNode?.id, byId);
  const out: Diagnostic[] = [];
  leaves.forEach((leaf, i) => {
    const node = nodeOf(tape, leaf);
    if (node && reached.has(node.id)) return;
    out.push({
      severity: "warning", code: "unused-input", node: node?.id,
      message: `${names[i]} has no path to the output: its gradient is ${leaf.grad ? "zero" : "null"}, so nothing here checks or trains it`,
    });
  });
  return out;
}
