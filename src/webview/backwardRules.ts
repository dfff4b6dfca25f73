// What the backward view writes on an edge and under a node: the consumer's local rule for this argument, the shapes
// that make the product fit, and where a value feeds several ops, the parts its gradient sums.
import type { CheckTrace, Shape, TraceNode } from "../protocol";
import { displayName } from "../shared/text";
import { elementCount, formatShape, sameShape } from "./format";

/**
 * The part of the consumer's rule that concerns argument `argIndex`: "mul swaps: dx = y·g, dy = x·g" gives
 * "mul swaps: dy = x·g" for argument 1. A rule that does not list one formula per argument is kept whole.
 */
export function ruleForArgument(consumer: TraceNode, argIndex: number): string | undefined {
  const rule = consumer.rule;
  if (!rule) return undefined;
  const colon = rule.indexOf(":");
  const head = colon >= 0 ? rule.slice(0, colon).trim() : "";
  const body = colon >= 0 ? rule.slice(colon + 1) : rule;
  const parts = body.split(/[,;]\s*(?=d\w*\s*=)/).map((p) => p.trim());
  if (parts.length !== consumer.inputs.length || parts.length < 2) return rule;
  return head ? `${head}: ${parts[argIndex]}` : parts[argIndex];
}

/**
 * The shapes of the gradient product for argument `argIndex` of the consumer: for a matrix product C = A·B with
 * upstream G, dA = G·Bᵀ and dB = Aᵀ·G; for other ops the upstream shape and the shape it is reduced to.
 */
export function gradientShapes(consumer: TraceNode, argIndex: number, producers: readonly TraceNode[]): string {
  const g = consumer.shape;
  const self = producers[argIndex]?.shape ?? g;
  if ((consumer.op === "mm" || consumer.op === "matmul") && producers.length === 2) {
    const [a, b] = producers.map((p) => p.shape);
    if (a.length === 2 && b.length === 2) {
      return argIndex === 0
        ? `G·Bᵀ: ${formatShape(g)}·${formatShape(transposed(b))} → ${formatShape(a)}`
        : `Aᵀ·G: ${formatShape(transposed(a))}·${formatShape(g)} → ${formatShape(b)}`;
    }
  }
  if (sameShape(g, self)) return `G ${formatShape(g)}`;
  const why = g.length < self.length || elementCount(g) < elementCount(self) ? "broadcast back" : "summed to fit";
  return `G ${formatShape(g)} → ${formatShape(self)} (${why})`;
}

function transposed(s: Shape): Shape {
  return [s[1], s[0]];
}

/** Lookups of a trace: by id, and the nodes each node feeds in the order they appear. */
export interface TraceIndex {
  byId: Map<number, TraceNode>;
  /** A node with several consumers sums several gradient parts. */
  consumers: Map<number, number[]>;
}

const indexes = new WeakMap<CheckTrace, TraceIndex>();

/**
 * Built once per trace (a received trace is never changed): the diagram's labels, its nodes' spoken names and every
 * inspector shown read the same index instead of each walking a trace of tens of thousands of nodes again.
 */
export function indexTrace(trace: CheckTrace): TraceIndex {
  const known = indexes.get(trace);
  if (known) return known;
  // Sets while building: a weight shared by every step of a long loop has tens of thousands of consumers.
  const sets = new Map<number, Set<number>>();
  for (const e of trace.edges) {
    const set = sets.get(e.from) ?? new Set<number>();
    set.add(e.to);
    sets.set(e.from, set);
  }
  const consumers = new Map([...sets].map(([id, set]) => [id, [...set]]));
  const index = { byId: new Map(trace.nodes.map((n) => [n.id, n])), consumers };
  indexes.set(trace, index);
  return index;
}

/** Past this many uses the parts are counted, not all named: a weight shared by 250 iterations. */
const MAX_PARTS_NAMED = 4;

/** "∑ 2 parts: via y_pred (mm) + via h (add)" for a value that feeds several ops, else undefined. */
export function gradientParts(nodeId: number, index: TraceIndex): string | undefined {
  const list = index.consumers.get(nodeId) ?? [];
  if (list.length < 2) return undefined;
  const names = list.slice(0, MAX_PARTS_NAMED).map((id) => {
    const n = index.byId.get(id);
    return n ? `via ${n.label ? `${displayName(n.label)} (${displayName(n.op)})` : displayName(n.op)}` : `via #${id}`;
  });
  const more = list.length - names.length;
  return `∑ ${list.length} parts: ${names.join(" + ")}${more > 0 ? ` + ${more} more` : ""}`;
}
