// The report as Markdown, for "Export report": the same facts as the results view, as tables a person can paste
// into an issue or notes. Every piece of user text is escaped so a label cannot turn into markup or break a table.
import type { CheckReport, Diagnostic, ReportError, RunResult } from "../protocol";
import { escapeControls } from "../shared/text";
import { formatNumber, formatShape } from "./format";

/**
 * Backslash-escapes Markdown syntax and table pipes; `<` and `>` become entities so no HTML survives; line breaks
 * become spaces and other controls and bidi characters their escapes (shared/text.ts), as the panel shows them.
 */
export function escapeMarkdown(text: string): string {
  return escapeControls(text.replace(/\r?\n/g, " "))
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`)
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

const verdict = (ok: boolean): string => (ok ? "✅ pass" : "❌ FAIL");
const at = (line?: number): string => (line === undefined ? "" : `line ${line}`);

function table(head: string[], rows: string[][]): string[] {
  return [`| ${head.join(" | ")} |`, `|${head.map(() => " --- |").join("")}`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

function errorLine(e: ReportError): string {
  return `**${escapeMarkdown(e.code)} error**${e.line === undefined ? "" : ` at line ${e.line}`}: ${escapeMarkdown(e.message)}`;
}

function checkSection(c: CheckReport): string[] {
  const out = [`## ${escapeMarkdown(c.name)} — ${verdict(c.ok)} (mode ${c.mode})`, ""];
  if (c.error) out.push(errorLine(c.error), "");
  if (c.inputs.length > 0) {
    out.push("### Inputs (autograd vs numerical)", "");
    out.push(...table(["input", "shape", "verdict", "max abs error", "max rel error", "worst element"], c.inputs.map((i) => [
      escapeMarkdown(i.name), formatShape(i.shape), verdict(i.ok), formatNumber(i.maxAbsError), formatNumber(i.maxRelError),
      i.worst ? `${formatShape(i.worst.index)}: analytic ${formatNumber(i.worst.analytic)}, numeric ${formatNumber(i.worst.numeric)}` : "",
    ])), "");
  }
  if (c.ops.length > 0) {
    out.push("### Custom ops (hand-written backward)", "");
    out.push(...table(["op", "defined at", "verdict", "max rel error", "note"], c.ops.map((o) => [
      escapeMarkdown(o.op), at(o.line), verdict(o.ok), formatNumber(o.maxRelError), escapeMarkdown(o.message ?? ""),
    ])), "");
  }
  if (c.manual.length > 0) {
    out.push("### Manual gradients vs autograd", "");
    out.push(...table(["gradient", "verdict", "max rel error", "hint"], c.manual.map((m) => [
      escapeMarkdown(m.name), verdict(m.ok), formatNumber(m.maxRelError), escapeMarkdown(m.hint ?? ""),
    ])), "");
  }
  if (c.diagnostics.length > 0) {
    out.push("### Diagnostics", "");
    out.push(...c.diagnostics.map(diagnosticLine), "");
  }
  return out;
}

function diagnosticLine(d: Diagnostic): string {
  return `- **${d.severity}** \`${d.code}\`${d.line === undefined ? "" : ` (line ${d.line})`}: ${escapeMarkdown(d.message)}`;
}

export function reportMarkdown(result: RunResult): string {
  const r = result.report;
  const out = [`# gradlens report: ${escapeMarkdown(r.file)}`, "", `Overall: ${verdict(r.ok)}`, ""];
  if (r.error) out.push(errorLine(r.error), "");
  for (const c of r.checks) out.push(...checkSection(c));
  return out.join("\n").trimEnd() + "\n";
}
