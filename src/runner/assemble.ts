// Host side: the one place a run's result is built. The worker sends what it measured and captured — per check its
// report as gradcheck left it (no lines, no graph) and its trace (nodes with their user frames and lines) — and this
// module, outside the realm that ran the model, puts lines on every diagnostic, op and manual gradient, sets every
// mark once, labels the nodes after the variables the user wrote, fills the report's graph, and decides the file's
// verdict from the checks'.
import type { CheckReport, CheckTrace, GraphNode, Report, TraceNode } from "../protocol";
import { labelFor, type SourceLabels } from "./labels";
import type { CapturedTrace } from "./messages";

type Mark = NonNullable<TraceNode["marks"]>[number];
/** Diagnostics whose node the panel marks (the rest are about the check, or about a result marked "fail"). */
const MARKED_DIAGNOSTICS: readonly string[] = ["kink", "tie", "nan", "inf", "dead-relu"];

function addMark(node: TraceNode, mark: Mark): void {
  node.marks ??= [];
  if (!node.marks.includes(mark)) node.marks.push(mark);
}

function labelNodes(nodes: TraceNode[], frames: string[][], labels: SourceLabels): void {
  nodes.forEach((node, i) => {
    node.label ??= labelFor(frames[i] ?? [], labels);
    if (node.label === undefined) delete node.label;
  });
}

/**
 * Checked inputs are fresh leaves made by the checker: their line is the input's entry in `inputs: { ... }`, in this
 * check's defineCheck, else in the one defineCheck of the file that has an input of that name, else the line of this
 * check's `inputs:` (when it is computed, as in `inputs: weights()`).
 */
function placeInputs(trace: CheckTrace, labels: SourceLabels): void {
  const inputLines = labels.inputLines.get(trace.check);
  for (const node of trace.nodes) {
    if (node.kind !== "input" || node.label === undefined || node.line !== undefined) continue;
    const anywhere = labels.inputLinesByName.get(node.label);
    const line = inputLines?.get(node.label) ?? (anywhere?.length === 1 ? anywhere[0] : inputLines?.get(""));
    if (line !== undefined) node.line = line;
  }
}

/** Lines and marks from the trace onto the report's results and diagnostics. */
function placeResults(report: CheckReport, trace: CheckTrace): void {
  const byId = new Map(trace.nodes.map((n) => [n.id, n]));
  const manualById = new Map(trace.manualNodes.map((n) => [n.id, n]));
  for (const d of report.diagnostics) {
    // A diagnostic is about a forward node, or (manual-grad-mismatch) about a returned manual gradient.
    const node = d.node !== undefined ? byId.get(d.node) : d.manualNode !== undefined ? manualById.get(d.manualNode) : undefined;
    if (!node) continue;
    if (d.line === undefined && node.line !== undefined) {
      d.line = node.line;
      if (node.column !== undefined) d.column = node.column;
    }
    if (MARKED_DIAGNOSTICS.includes(d.code)) addMark(node, d.code as Mark);
  }
  for (const r of report.ops) {
    const def = trace.customOps.find((c) => c.name === r.op);
    if (def?.line !== undefined && !r.line) {
      r.line = def.line;
      if (def.column !== undefined) r.column = def.column;
    }
    if (!r.ok) for (const n of trace.nodes) if (n.kind === "custom" && n.op === r.op) addMark(n, "fail");
  }
  for (const r of report.manual) {
    const returned = trace.manualReturned.find((m) => m.input === r.name);
    const node = returned && manualById.get(returned.node);
    if (node?.line !== undefined && r.line === undefined) r.line = node.line;
    if (node && !r.ok) addMark(node, "fail");
  }
  for (const r of report.inputs) {
    if (r.ok) continue;
    for (const n of trace.nodes) if (n.kind === "input" && n.label === r.name) addMark(n, "fail");
  }
}

/** One check's report and trace, finished. */
export function assembleCheck(report: CheckReport, captured: CapturedTrace, labels: SourceLabels | undefined): CheckTrace {
  const { nodeFrames, manualFrames, ...trace } = captured;
  placeResults(report, trace);
  if (labels) {
    labelNodes(trace.nodes, nodeFrames, labels);
    labelNodes(trace.manualNodes, manualFrames, labels);
    const checkLine = labels.checkLines.get(trace.check);
    if (checkLine !== undefined) trace.line = checkLine;
    placeInputs(trace, labels);
  }
  report.graph = {
    nodes: trace.nodes.map(({ id, op, shape, dtype, line, label }): GraphNode => ({ id, op, shape, dtype, line, label })),
    edges: trace.edges,
  };
  return trace;
}

/** Every check finished, and the file's verdict decided here, from the checks' own. */
export function assembleReport(report: Report, captured: CapturedTrace[], labels: SourceLabels | undefined): CheckTrace[] {
  const traces = captured.map((t) => {
    const check = report.checks.find((c) => c.name === t.check);
    if (check) return assembleCheck(check, t, labels);
    const { nodeFrames: _n, manualFrames: _m, ...trace } = t;
    return trace;
  });
  report.ok = report.error === null && report.checks.length > 0 && report.checks.every((c) => c.ok && c.error === null);
  return traces;
}
