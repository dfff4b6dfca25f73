// Turns a check's tapes into the plain-data CheckTrace the hovers and the graph panel read, and puts source
// lines into the check's report (gradcheck leaves them empty: only the runner can map a stack to the user's file).
import type { TapeNode } from "../engine/internal";
import type { CheckOutcome } from "../gradcheck";
import type { CheckReport, TraceNode } from "../protocol";
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

type Mark = NonNullable<TraceNode["marks"]>[number];
const MARKED_DIAGNOSTICS: readonly string[] = ["kink", "tie", "nan", "inf", "dead-relu"];

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

/** The trace of one check, and its report with every line the trace can give. */
export function captureCheck(outcome: CheckOutcome, ctx: CaptureContext): { report: CheckReport; trace: CapturedTrace } {
  const { report } = outcome;
  const main = captureNodes(report.name, outcome.tape.nodes, false, ctx);
  const manual = captureNodes(report.name, outcome.manualTape?.nodes ?? [], true, ctx);
  const byId = new Map(main.traced.map((n) => [n.id, n]));
  const manualById = new Map(manual.traced.map((n) => [n.id, n]));

  for (const d of report.diagnostics) {
    // A diagnostic is about a forward node, or (manual-grad-mismatch) about a returned manual gradient.
    const node = d.node !== undefined ? byId.get(d.node) : d.manualNode !== undefined ? manualById.get(d.manualNode) : undefined;
    if (!node) continue;
    if (d.line === undefined && node.line !== undefined) Object.assign(d, { line: node.line, column: node.column });
    if (MARKED_DIAGNOSTICS.includes(d.code)) addMark(node, d.code as Mark);
  }
  const customOps: CapturedTrace["customOps"] = [];
  for (const n of outcome.tape.nodes) {
    if (n.kind !== "custom" || !n.custom || customOps.some((c) => c.name === n.op)) continue;
    const at = ctx.mapper.first(n.custom.definedAt);
    customOps.push(at ? { name: n.op, line: at.line, column: at.column } : { name: n.op });
  }
  for (const r of report.ops) {
    const def = customOps.find((c) => c.name === r.op);
    if (def?.line !== undefined && !r.line) Object.assign(r, { line: def.line, column: def.column });
    if (!r.ok) for (const n of main.traced) if (n.kind === "custom" && n.op === r.op) addMark(n, "fail");
  }
  for (const r of report.manual) {
    const returned = outcome.manualReturned.find((m) => m.input === r.name);
    const node = returned && manualById.get(returned.node);
    if (node?.line !== undefined && r.line === undefined) r.line = node.line;
    if (node && !r.ok) addMark(node, "fail");
  }
  for (const r of report.inputs) {
    if (r.ok) continue;
    for (const n of main.traced) if (n.kind === "input" && n.label === r.name) addMark(n, "fail");
  }

  const trace: CapturedTrace = {
    check: report.name,
    nodes: main.traced,
    edges: main.traced.flatMap((n) => n.inputs.map((from) => ({ from, to: n.id }))),
    inputs: main.traced.filter((n) => n.kind === "input").map((n) => ({ name: n.label!, node: n.id })),
    customOps,
    manualNodes: manual.traced,
    manualReturned: outcome.manualReturned,
    errorMaps: outcome.errorMaps,
    nodeFrames: main.frames,
    manualFrames: manual.frames,
  };
  return { report, trace };
}

function addMark(node: TraceNode, mark: Mark): void {
  node.marks ??= [];
  if (!node.marks.includes(mark)) node.marks.push(mark);
}
