// Host side: the one place a run's result is built. The worker sends what it measured and captured — per check its
// report as gradcheck left it (no lines, no graph), the numbers it measured, and its trace (nodes with their user
// frames and lines) — and this module, outside the process that ran the model, judges every input, custom op and
// manual gradient again from the measured numbers, puts lines on every diagnostic, op and manual gradient, sets
// every mark once, labels the nodes after the variables the user wrote, fills the report's graph, and decides the
// file's verdict from the checks'.
import {
  type CheckEvidence, checkPasses, judgeInput, judgeManual, judgeOp,
} from "../gradcheck/verdict";
import type { CheckReport, CheckTrace, Diagnostic, GraphNode, InputResult, ManualResult, OpResult, Report, TraceNode } from "../protocol";
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

/**
 * Every verdict of the check reached again from what it measured (gradcheck/verdict.ts, the functions the checker
 * used): the report the worker sent is what the checker concluded in the model's process, where the model could
 * have bent the built-ins or objects it ran on. Where the two differ, this one stands and the check says so.
 */
function judgeAgain(report: CheckReport, evidence: CheckEvidence): void {
  const tol = evidence.tolerances;
  const sentOk = report.ok;
  const overruled: string[] = [];
  const note = (name: string, was: boolean | undefined, now: boolean) => {
    if (was !== now) overruled.push(`${name} ${now ? "passed" : "failed"}`);
  };
  report.inputs = evidence.inputs.map((e): InputResult => {
    const sent = report.inputs.find((r) => r.name === e.name);
    const verdict = judgeInput(e, tol);
    note(e.name, sent?.ok, verdict.ok);
    return { ...sent, name: e.name, shape: [...e.shape], ...verdict };
  });
  const opDiagnostics: Diagnostic[] = [];
  report.ops = evidence.ops.map((e, i): OpResult => {
    const { result, diagnostic } = judgeOp(e, tol);
    note(`custom op ${e.op}`, report.ops[i]?.op === e.op ? report.ops[i].ok : undefined, result.ok);
    if (diagnostic) opDiagnostics.push(diagnostic);
    return result;
  });
  report.manual = evidence.manual.map((e): ManualResult => {
    const sent = report.manual.find((r) => r.name === e.name);
    const verdict = judgeManual(e, tol);
    note(`manual gradient of ${e.name}`, sent?.ok, verdict.ok);
    const result: ManualResult = { ...sent, name: e.name, ...verdict };
    if (verdict.ok) delete result.hint;
    return result;
  });
  // The custom ops' blame is the host's too: where the checker put it, or at the end when it put none.
  const at = report.diagnostics.findIndex((d) => d.code === "custom-backward-mismatch");
  const others = report.diagnostics.filter((d) => d.code !== "custom-backward-mismatch");
  report.diagnostics = at < 0 ? [...others, ...opDiagnostics] : [...others.slice(0, at), ...opDiagnostics, ...others.slice(at)];
  report.ok = checkPasses(report);
  if (overruled.length === 0) note(`the check`, sentOk, report.ok);
  if (overruled.length > 0) {
    report.diagnostics.push({
      severity: "error", code: "verdict-overruled",
      message: `the model file changed how its own check was judged: in its process the checker's verdict differed ` +
        `from the measured numbers. gradlens judged them again outside that process: ${overruled.join(", ")}`,
    });
  }
}

/** One check's report and trace, finished. */
export function assembleCheck(report: CheckReport, captured: CapturedTrace, labels: SourceLabels | undefined): CheckTrace {
  const { nodeFrames, manualFrames, evidence, ...trace } = captured;
  judgeAgain(report, evidence);
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
    const { nodeFrames: _n, manualFrames: _m, evidence: _e, ...trace } = t;
    return trace;
  });
  // A check is judged only from what it measured: one the worker sent without measurements has not passed.
  for (const check of report.checks) {
    if (!captured.some((t) => t.check === check.name)) check.ok = false;
  }
  report.ok = report.error === null && report.checks.length > 0 && report.checks.every((c) => c.ok && c.error === null);
  return traces;
}
