// A deterministic estimate of one forward pass's work, read off the tape, so `auto` picks the same mode on every
// machine (a timed estimate would make the verdict's mode depend on the load).
import type { Tape, TapeNode } from "../engine/internal";

/** Multiply-adds of one node: products contract an inner dimension, every other op touches each output once. */
function nodeCost(n: TapeNode, byId: Map<number, TapeNode>): number {
  const out = n.tensor.size;
  const first = byId.get(n.inputs[0])?.tensor;
  if ((n.op === "mm" || n.op === "matmul") && first) return out * first.shape[first.shape.length - 1];
  const weight = byId.get(n.inputs[1])?.tensor;
  if (n.op === "conv2d" && weight) return out * (weight.size / weight.shape[0]);
  return out;
}

export function forwardCost(tape: Tape, byId: Map<number, TapeNode>): number {
  let cost = 0;
  for (const n of tape.nodes) if (n.kind === "op" || n.kind === "custom") cost += nodeCost(n, byId);
  return Math.max(cost, 1);
}
