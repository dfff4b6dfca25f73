// What goes into the Problems panel for one run, at the user's own lines. Pure: unit-tested in plain node;
// problems.ts turns these into vscode.Diagnostics.
import type { CheckReport, CheckTrace, Report, Severity } from "../protocol";
import { num, shapeText } from "./format";

export interface Problem {
  /** 1-based, in the model file. */
  line: number;
  column?: number;
  severity: Severity;
  /** A report error code, a report diagnostic code, or `gradient-mismatch` for an input whose check failed. */
  code: string;
  message: string;
}

/** A wrong hand-written gradient is the user's bug, whatever severity the checker attached to it. */
const alwaysErrors = new Set(["custom-backward-mismatch", "manual-grad-mismatch"]);

export function diagnosticsFromReport(report: Report, traces: readonly CheckTrace[] = []): Problem[] {
  if (report.error) {
    const { line = 1, column, code, message } = report.error;
    return [{ line, column, severity: "error", code, message }];
  }
  return report.checks.flatMap((check) => {
    const checkLine = traces.find((t) => t.check === check.name)?.line ?? 1;
    return checkProblems(check, checkLine);
  });
}

function checkProblems(check: CheckReport, checkLine: number): Problem[] {
  const at = (line: number | undefined) => line ?? checkLine;
  const problems: Problem[] = [];
  if (check.error) {
    const { line, column, code, message } = check.error;
    problems.push({ line: at(line), column, severity: "error", code, message: `${check.name}: ${message}` });
  }
  for (const d of check.diagnostics) {
    const severity = alwaysErrors.has(d.code) ? "error" : d.severity;
    problems.push({ line: at(d.line), column: d.column, severity, code: d.code, message: `${check.name}: ${d.message}` });
  }
  // A wrong custom backward is blamed where the op is defined, beside the checker's diagnostic where it was used.
  const placed = new Set(check.diagnostics.map((d) => `${d.code}@${d.line}`));
  for (const op of check.ops.filter((o) => !o.ok && !placed.has(`custom-backward-mismatch@${o.line}`))) {
    const why = op.message ?? `its backward disagrees with numerical differentiation (max rel. error ${num(op.maxRelError)})`;
    problems.push({ line: op.line, column: op.column, severity: "error", code: "custom-backward-mismatch",
      message: `${check.name}: custom op ${op.op} (defined here): ${why}` });
  }
  // The checker usually explains a wrong manual gradient itself; this summary only fills in when it did not.
  const explainsManual = check.diagnostics.some((d) => d.code === "manual-grad-mismatch");
  for (const m of check.manual.filter((r) => !r.ok && !explainsManual)) {
    const worst = m.worst ? ` at ${shapeText(m.worst.index)} (manual ${num(m.worst.manual)}, autograd ${num(m.worst.autograd)})` : "";
    const hint = m.hint ? `. ${m.hint}` : "";
    problems.push({ line: at(m.line), severity: "error", code: "manual-grad-mismatch",
      message: `${check.name}: manual dL/d${m.name} differs from autograd, max rel. error ${num(m.maxRelError)}${worst}${hint}` });
  }
  for (const input of check.inputs.filter((i) => !i.ok)) {
    const w = input.worst;
    const worst = w ? ` at ${shapeText(w.index)} (autograd ${num(w.analytic)}, numerical ${num(w.numeric)})` : "";
    problems.push({ line: checkLine, severity: "error", code: "gradient-mismatch",
      message: `${check.name}: dL/d${input.name} from autograd differs from numerical differentiation, max rel. error ${num(input.maxRelError)}${worst}` });
  }
  return problems;
}
