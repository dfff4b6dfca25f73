// The results view: per check, per input and per custom op, the manual gradients and the diagnostics, each with a
// link to its line in the model file.
import type { CheckReport, CheckTrace, ReportError, RunResult } from "../protocol";
import { el, lineLink, messageCell, messageText, nameText } from "./dom";
import { formatNumber, formatShape, formatSummary } from "./format";

type Reveal = (line: number) => void;

const verdict = (ok: boolean): HTMLElement => el("span", { className: ok ? "pass" : "fail" }, ok ? "pass" : "FAIL");

function grid(head: string[], rows: (Node | string | null)[][]): HTMLTableElement {
  return el("table", { className: "grid" },
    el("thead", {}, el("tr", {}, ...head.map((h) => el("th", {}, h)))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {}, c))))));
}

export function errorBox(error: ReportError, reveal: Reveal): HTMLElement {
  return el("p", { className: "error" }, `${error.code} error: ${messageText(error.message)} `, lineLink(error.line, reveal));
}

/** What manualGrads returned next to what autograd found, input by input, from the trace of the manual pass. */
function manualReturnedTable(trace: CheckTrace, reveal: Reveal): HTMLElement | null {
  if (trace.manualReturned.length === 0) return null;
  const manual = new Map(trace.manualNodes.map((n) => [n.id, n]));
  const nodes = new Map(trace.nodes.map((n) => [n.id, n]));
  return el("div", { className: "manual-returned" }, el("h3", {}, "What manualGrads returned"), grid(
    ["input", "returned", "computed by", "shape", "manual gradient", "autograd gradient"],
    trace.manualReturned.map((r) => {
      const m = manual.get(r.node);
      const input = nodes.get(trace.inputs.find((i) => i.name === r.input)?.node ?? -1);
      return [nameText(r.input), m?.label === undefined ? `#${r.node}` : nameText(m.label), m ? el("span", {}, nameText(m.op), " ", lineLink(m.line, reveal)) : "",
        m ? formatShape(m.shape) : "", m ? formatSummary(m.value) : "", input?.grad ? formatSummary(input.grad) : "—"];
    })));
}

function checkResults(c: CheckReport, trace: CheckTrace | undefined, reveal: Reveal): HTMLElement {
  const box = el("section", { className: "check-results", dataset: { check: c.name } },
    el("h2", {}, nameText(c.name), " ", verdict(c.ok), el("span", { className: "muted" }, ` mode ${c.mode}`)));
  if (c.error) box.append(errorBox(c.error, reveal));
  if (c.inputs.length) {
    box.append(el("h3", {}, "Inputs: autograd vs numerical"), grid(
      ["input", "shape", "verdict", "max abs", "max rel", "worst element", "compared"],
      c.inputs.map((i) => [nameText(i.name), formatShape(i.shape), verdict(i.ok), formatNumber(i.maxAbsError), formatNumber(i.maxRelError),
        i.worst ? `${formatShape(i.worst.index)}: analytic ${formatNumber(i.worst.analytic)} vs numeric ${formatNumber(i.worst.numeric)}` : "—",
        i.checked === undefined ? "" : `${i.checked}${i.excluded ? ` (${i.excluded} at kinks left out)` : ""}`])));
  }
  if (c.ops.length) {
    box.append(el("h3", {}, "Custom ops: hand-written backward"), grid(
      ["op", "defined at", "verdict", "max rel", "note"],
      c.ops.map((o) => [nameText(o.op), lineLink(o.line, reveal), verdict(o.ok), formatNumber(o.maxRelError), messageCell(o.message ?? "")])));
  }
  if (c.manual.length) {
    box.append(el("h3", {}, "Manual gradients vs autograd"), grid(
      ["gradient", "verdict", "max rel", "worst element", "hint", "where"],
      c.manual.map((m) => [nameText(m.name), verdict(m.ok), formatNumber(m.maxRelError),
        m.worst ? `${formatShape(m.worst.index)}: manual ${formatNumber(m.worst.manual)} vs autograd ${formatNumber(m.worst.autograd)}` : "—",
        messageCell(m.hint ?? ""), lineLink(m.line, reveal)])));
  }
  const returned = trace ? manualReturnedTable(trace, reveal) : null;
  if (returned) box.append(returned);
  if (c.diagnostics.length) {
    box.append(el("h3", {}, "Diagnostics"), el("ul", { className: "diagnostics" }, ...c.diagnostics.map((d) =>
      el("li", { className: d.severity }, el("strong", {}, d.severity), ` ${d.code}: ${messageText(d.message)} `, lineLink(d.line, reveal)))));
  }
  return box;
}

/** Every check of the run, the selected one first so it is what the eye lands on. */
export function renderResults(result: RunResult, selected: string | undefined, reveal: Reveal): HTMLElement {
  const view = el("div", { className: "results" });
  if (result.report.error) view.append(errorBox(result.report.error, reveal));
  const checks = [...result.report.checks].sort((a, b) => Number(b.name === selected) - Number(a.name === selected));
  for (const c of checks) view.append(checkResults(c, result.traces.find((t) => t.check === c.name), reveal));
  if (result.timings) view.append(el("p", { className: "muted" }, `run took ${Math.round(result.timings.totalMs)} ms`));
  return view;
}
