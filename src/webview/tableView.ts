// The plain table of every node: the view for graphs past what a diagram can show, and a way to search any graph.
// Its rows are one tab stop, as the diagram's nodes are: ↑ and ↓ move between them, Enter or Space selects one.
import type { CheckReport, CheckTrace } from "../protocol";
import { el, nameText } from "./dom";
import { formatShape, formatSummary } from "./format";
import { marksOf } from "./graphModel";
import { rovingFocus } from "./rovingFocus";

/** Rows are cheap DOM, but a hundred thousand of them would still freeze the panel. */
export const TABLE_ROW_LIMIT = 5000;

/** The table; `selected` (a node id) is its tab stop, as the selected node is the diagram's. */
export function renderTable(
  trace: CheckTrace, report: CheckReport | undefined, selected: number | undefined, select: (node: number) => void,
): HTMLElement {
  const shown = trace.nodes.slice(0, TABLE_ROW_LIMIT);
  const body = el("tbody");
  for (const n of shown) {
    const row = el("tr", { dataset: { node: String(n.id) }, onclick: () => select(n.id) },
      el("td", {}, String(n.id)), el("td", {}, n.label === undefined ? "" : nameText(n.label)),
      el("td", {}, nameText(n.op), n.kind === "custom" ? " (custom)" : ""),
      el("td", {}, formatShape(n.shape)), el("td", {}, n.line === undefined ? "" : String(n.line)),
      el("td", {}, n.inputs.join(", ")), el("td", {}, formatSummary(n.value)), el("td", {}, n.grad ? formatSummary(n.grad) : "—"),
      el("td", {}, marksOf(n, trace, report).join(", ")));
    body.append(row);
  }
  const table = el("table", { className: "grid node-table" },
    el("thead", {}, el("tr", {}, ...["#", "name", "op", "shape", "line", "inputs", "value", "gradient", "marks"].map((h) => el("th", {}, h)))),
    body);
  const more = trace.nodes.length - shown.length;
  const view = el("div", { className: "table-view" }, table,
    more > 0 ? el("p", { className: "muted" }, `${more} more nodes not listed (the first ${TABLE_ROW_LIMIT} are).`) : null);
  rovingFocus(view, {
    selector: "tbody tr",
    step: (row, direction) =>
      (direction === "down" ? row.nextElementSibling : direction === "up" ? row.previousElementSibling : null) ?? undefined,
    activate: (row) => (row as HTMLElement).click(), // the row's own onclick: one selection path
    reveal: (row) => row.scrollIntoView({ block: "nearest" }),
  }).adopt(body.querySelector(`tr[data-node="${selected}"]`) ?? undefined);
  return view;
}
