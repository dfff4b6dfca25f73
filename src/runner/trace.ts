// Worker side: turns a check's tapes into plain data — the trace the hovers and the graph panel read, each node with
// its line and its user frames — for the host to finish (assemble.ts puts the lines and marks on the report).
import type { TapeNode } from "../engine/internal";
import type { CheckOutcome } from "../gradcheck";
import type { TraceNode } from "../protocol";
import type { CapturedTrace, FullValues } from "./messages";
import { positionKey } from "./labels";
import type { SiteMapper } from "./sites";
import { sample, summarize } from "./summary";

export interface CaptureContext {
  mapper: SiteMapper;
  /** Where tensors made outside any recorded op were created (creation functions, module-level ops). */
  origins: WeakMap<object, unknown>;
  /** Full values of big tensors go here, up to `valueBudget` bytes. */
  values: FullValues[];
  valueBudget: { bytes: number };
}

/** Attribute values a JSON hover can show; tensors and functions among attrs are left out. */
function plainAttrs(attrs: Record<string, unknown>): TraceNode["attrs"] {
  const out: NonNullable<TraceNode["attrs"]> = {};
  for (const [key, v] of Object.entries(attrs)) {
    const plain = v === null || ["number", "string", "boolean"].includes(typeof v) || (Array.isArray(v) && v.every((x) => typeof x === "number"));
    if (plain) out[key] = v as number | string | boolean | number[] | null;
  }
  return Object.keys(out).length ? out : undefined;
}

function captureNodes(check: string, nodes: readonly TapeNode[], manual: boolean, ctx: CaptureContext) {
  const traced: TraceNode[] = [];
  const frames: string[][] = [];
  for (const n of nodes) {
    // An op's site is where it was applied; a leaf's is where its tensor was created, when that was seen.
    const site = n.kind === "op" || n.kind === "custom" ? n.site : ctx.origins.get(n.tensor);
    const userFrames = ctx.mapper.frames(site);
    const { values, complete } = sample(n.tensor.data);
    const grad = n.tensor.grad;
    const node: TraceNode = {
      id: n.id,
      op: n.op,
      kind: n.kind,
      inputs: [...n.inputs],
      shape: [...n.tensor.shape],
      dtype: n.tensor.dtype,
      value: summarize(n.tensor.data),
      data: values,
      complete,
    };
    if (userFrames[0]) Object.assign(node, { line: userFrames[0].line, column: userFrames[0].column });
    // The tape keeps an input's name in attrs.name; the variable it arrives as in forward has that name too.
    if (n.kind === "input") node.label = String(n.attrs.name);
    const attrs = plainAttrs(n.attrs);
    if (attrs) node.attrs = attrs;
    if (n.rule) node.rule = n.rule;
    if (grad) {
      node.grad = summarize(grad.data);
      node.gradData = sample(grad.data).values;
    }
    if (!complete) keepFullValues(check, n, manual, ctx);
    traced.push(node);
    frames.push(userFrames.map((f) => positionKey(f.line, f.column)));
  }
  return { traced, frames };
}

function keepFullValues(check: string, n: TapeNode, manual: boolean, ctx: CaptureContext): void {
  const bytes = n.tensor.data.byteLength * (n.tensor.grad ? 2 : 1);
  if (bytes > ctx.valueBudget.bytes) return;
  ctx.valueBudget.bytes -= bytes;
  ctx.values.push({ check, node: n.id, manual, data: n.tensor.data.slice(), grad: n.tensor.grad?.data.slice() });
}

/** The trace of one check, with every line the worker's source map gives. */
export function captureCheck(outcome: CheckOutcome, ctx: CaptureContext): CapturedTrace {
  const name = outcome.report.name;
  const main = captureNodes(name, outcome.tape.nodes, false, ctx);
  const manual = captureNodes(name, outcome.manualTape?.nodes ?? [], true, ctx);
  const customOps: CapturedTrace["customOps"] = [];
  for (const n of outcome.tape.nodes) {
    if (n.kind !== "custom" || !n.custom || customOps.some((c) => c.name === n.op)) continue;
    const at = ctx.mapper.first(n.custom.definedAt);
    customOps.push(at ? { name: n.op, line: at.line, column: at.column } : { name: n.op });
  }
  return {
    check: name,
    nodes: main.traced,
    edges: main.traced.flatMap((n) => n.inputs.map((from) => ({ from, to: n.id }))),
    inputs: main.traced.filter((n) => n.kind === "input").map((n) => ({ name: n.label!, node: n.id })),
    customOps,
    manualNodes: manual.traced,
    manualReturned: outcome.manualReturned,
    errorMaps: outcome.errorMaps,
    nodeFrames: main.frames,
    manualFrames: manual.frames,
    evidence: outcome.evidence,
  };
}
