// Host side, after the worker: names each traced node after the variable it was assigned to, gives inputs and the
// check its lines, and fills the report's graph from the trace so the JSON and the panel show the same graph.
import type { CheckReport, CheckTrace, GraphNode, TraceNode } from "../protocol";
import { labelFor, type SourceLabels } from "./labels";
import type { CapturedTrace } from "./messages";

function labelNodes(nodes: TraceNode[], frames: string[][], labels: SourceLabels): void {
  nodes.forEach((node, i) => {
    node.label ??= labelFor(frames[i] ?? [], labels);
    if (node.label === undefined) delete node.label;
  });
}

export function finishTrace(captured: CapturedTrace, labels: SourceLabels | undefined, report: CheckReport | undefined): CheckTrace {
  const { nodeFrames, manualFrames, ...trace } = captured;
  if (labels) {
    labelNodes(trace.nodes, nodeFrames, labels);
    labelNodes(trace.manualNodes, manualFrames, labels);
    const checkLine = labels.checkLines.get(trace.check);
    if (checkLine !== undefined) trace.line = checkLine;
    // Checked inputs are fresh leaves made by the checker: their line is the input's entry in `inputs: { ... }`,
    // in this check's defineCheck, else in the one defineCheck of the file that has an input of that name, else the
    // line of this check's `inputs:` (when it is computed, as in `inputs: weights()`).
    const inputLines = labels.inputLines.get(trace.check);
    for (const node of trace.nodes) {
      if (node.kind !== "input" || node.label === undefined || node.line !== undefined) continue;
      const anywhere = labels.inputLinesByName.get(node.label);
      const line = inputLines?.get(node.label) ?? (anywhere?.length === 1 ? anywhere[0] : inputLines?.get(""));
      if (line !== undefined) node.line = line;
    }
  }
  if (report) {
    report.graph = {
      nodes: trace.nodes.map(({ id, op, shape, dtype, line, label }): GraphNode => ({ id, op, shape, dtype, line, label })),
      edges: trace.edges,
    };
  }
  return trace;
}
