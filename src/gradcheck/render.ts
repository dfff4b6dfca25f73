// The CLI's readable report, built from the same Report object the JSON prints. Every name and message in it may
// come from the model, so each is escaped (shared/text.ts): nothing a model names or throws can start a line of its
// own, colour the terminal or reorder what follows.
import type { CheckReport, Diagnostic, InputResult, ManualResult, OpResult, Report, ReportError } from "../protocol";
import { displayMessage as message, displayName, escapeControls } from "../shared/text";

const mark = (ok: boolean) => (ok ? "✓" : "✗");
/** Numbers to 4 digits; the largest double stands for an unbounded error (see compare.ts jsonSafe). */
const num = (x: number) =>
  x === Number.MAX_VALUE ? "∞" : Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x);
const at = (line?: number, column?: number) => (line ? ` (line ${line}${column ? `:${column}` : ""})` : "");

/**
 * A message is one line: its line breaks are escaped as well, so no line of it can pass for a line of the report.
 * The exception: a file without checks gets gradlens's example of one, whose lines must stay lines to be read.
 * They are kept, each behind a gutter, escaped and cut like any message (its `--check` variant lists the checks'
 * names, and an export's name may be any string).
 */
function lines(text: string, indent: string): string {
  return text.split("\n").map((line, i) => (i === 0 ? message(line) : `${indent}│${line ? ` ${message(line)}` : ""}`)).join("\n");
}

function errorLine(prefix: string, e: ReportError): string {
  const text = e.code === "no-checks" ? lines(e.message, `${prefix}  `) : message(e.message);
  return `${prefix}error [${e.code}]${at(e.line, e.column)}: ${text}`;
}

function inputLine(r: InputResult): string {
  const counts = [
    r.directions ? `${r.directions} directions` : "",
    r.checked ? `${r.checked} checked` : "",
    r.excluded ? `${r.excluded} excluded at kinks/ties` : "",
  ].filter(Boolean);
  const head = `  ${mark(r.ok)} ${displayName(r.name)} [${r.shape}]  max abs ${num(r.maxAbsError)}  max rel ${num(r.maxRelError)}`;
  const worst = r.worst && !r.ok
    ? `\n      worst at [${r.worst.index}]: analytic ${num(r.worst.analytic)}, numeric ${num(r.worst.numeric)}`
    : "";
  return head + (counts.length ? `  (${counts.join(", ")})` : "") + worst;
}

function opLine(r: OpResult): string {
  const why = r.message ? `\n      ${message(r.message)}` : "";
  return `  ${mark(r.ok)} custom op ${displayName(r.op)}${at(r.line, r.column)}  max rel ${num(r.maxRelError)}${why}`;
}

function manualLine(r: ManualResult): string {
  const worst = r.worst && !r.ok
    ? `\n      worst at [${r.worst.index}]: manual ${num(r.worst.manual)}, autograd ${num(r.worst.autograd)}`
    : "";
  const hint = r.hint ? `\n      hint: ${message(r.hint)}` : "";
  return `  ${mark(r.ok)} manual ${displayName(r.name)}${at(r.line)}  max rel ${num(r.maxRelError)}${worst}${hint}`;
}

function diagnosticLine(d: Diagnostic): string {
  return `  ${d.severity} [${d.code}]${at(d.line, d.column)}: ${message(d.message)}`;
}

function renderCheck(c: CheckReport): string {
  const lines = [`${mark(c.ok)} ${displayName(c.name)}  (mode ${displayName(c.mode)})`];
  if (c.error) lines.push(errorLine("  ", c.error));
  lines.push(...c.inputs.map(inputLine), ...c.ops.map(opLine), ...c.manual.map(manualLine));
  lines.push(...c.diagnostics.map(diagnosticLine));
  return lines.join("\n");
}

export function renderText(report: Report): string {
  const lines = [`gradlens check ${escapeControls(report.file)}`];
  if (report.error) lines.push(errorLine("", report.error));
  for (const c of report.checks) lines.push("", renderCheck(c));
  const passed = report.checks.filter((c) => c.ok).length;
  lines.push("", `${mark(report.ok)} ${passed} of ${report.checks.length} checks passed`);
  return lines.join("\n") + "\n";
}
