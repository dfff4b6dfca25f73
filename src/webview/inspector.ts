// The inspector beside the diagram: everything known about one node, with pictures of its values and gradient and,
// for a checked input, where autograd and numerical differentiation disagree.
import type { CheckReport, CheckTrace, InputErrorMap, NodeValues, Shape, Summary, TraceNode } from "../protocol";
import { displayName, escapeControls } from "../shared/text";
import { gradientParts, indexTrace } from "./backwardRules";
import { el, facts, nameText } from "./dom";
import { elementCount, formatNumber, formatShape, formatSummary, sameShape } from "./format";
import type { ViewNode } from "./graphModel";
import { gridOf, heatmap, histogram } from "./plots";

export interface InspectorContext {
  trace: CheckTrace;
  report: CheckReport | undefined;
  reveal(line: number, column?: number): void;
  /** Present when the node's call site repeats in a loop: folds or unfolds it in the diagram. */
  foldAction?: { label: string; run(): void };
  /** For a node the trace only samples: the host's full values, or "loading" while they are on their way. */
  values?: NodeValues | "loading";
}

export function renderInspector(node: TraceNode, view: ViewNode | undefined, ctx: InspectorContext): HTMLElement {
  const name = node.label ?? node.op;
  const inputName = ctx.trace.inputs.find((i) => i.node === node.id)?.name;
  const parts = gradientParts(node.id, indexTrace(ctx.trace));
  const box = el("section", { className: "inspector", dataset: { node: String(node.id), values: valuesState(ctx.values) } },
    el("h2", {}, nameText(name)),
    facts([
      ["op", node.kind === "custom" ? el("span", {}, nameText(node.op), " (custom op)") : nameText(node.op)],
      ["kind", inputName !== undefined ? el("span", {}, "checked input ", nameText(inputName)) : node.kind],
      ["shape", el("span", { className: "shape" }, formatShape(node.shape))],
      ["dtype", node.dtype],
      ["line", node.line === undefined ? "—" : `${node.line}${node.column === undefined ? "" : `:${node.column}`}`],
      ...(node.attrs && Object.keys(node.attrs).length ? [["attributes", escapeControls(JSON.stringify(node.attrs))] as [string, string]] : []),
      ...(node.rule ? [["local rule", escapeControls(node.rule)] as [string, string]] : []),
      ...(parts ? [["gradient parts", parts] as [string, string]] : []),
      ...(node.marks?.length ? [["marks", node.marks.join(", ")] as [string, string]] : []),
      ["value", formatSummary(node.value)],
      ["value counts", countsText(node.value)],
      ["gradient", node.grad ? formatSummary(node.grad) : "no gradient reaches this node"],
      ...(node.grad ? [["gradient counts", countsText(node.grad)] as [string, string]] : []),
    ]),
  );
  if (node.line !== undefined) {
    const line = node.line;
    box.append(el("button", { className: "reveal", onclick: () => ctx.reveal(line, node.column) }, "Reveal in editor"));
  }
  if (view && view.members.length > 1) {
    box.append(el("p", { className: "fold" }, `This node folds ${view.members.length} iterations of a loop; shown: the first.`));
  }
  if (ctx.foldAction) box.append(el("button", { className: "fold-toggle", onclick: ctx.foldAction.run }, ctx.foldAction.label));
  box.append(pictures(node, ctx.values));
  const errorMap = ctx.trace.errorMaps.find((m) => m.node === node.id);
  if (errorMap) box.append(errorMapSection(errorMap, ctx.report));
  return box;
}

/** The NaN/Inf counts spelled out even when zero: they are what a broken gradient usually shows first. */
function countsText(s: Summary): string {
  return `${s.count} elements · NaN ${s.nan} · Inf ${s.inf} · zeros ${s.zeros}`;
}

/** What tests and styles can key on: whether the host's full values are awaited, drawn, or not to be had. */
function valuesState(values: InspectorContext["values"]): string {
  if (values === undefined) return "trace";
  if (values === "loading") return "loading";
  return values.unavailable ? "unavailable" : "full";
}

/** The elements the pictures are drawn from, and what the page can honestly say about them. */
interface Pictured {
  data?: readonly number[];
  gradData?: readonly number[];
  /** The matrix a heatmap draws (absent: no heatmap, for `reason`). */
  grid?: Shape;
  reason: string;
  /** Under the heatmap: how it was downsampled. */
  note?: string;
  /** Once above the pictures: the full values are loading, or why there are none. */
  status?: string;
  /** "6400 elements", "256 sampled elements" ... for the histogram's caption. */
  histogramOf: (n: number) => string;
}

function pictured(node: TraceNode, values: InspectorContext["values"]): Pictured {
  const count = elementCount(node.shape);
  const flat = node.shape.length <= 2;
  const noGrid = `no heatmap for a ${node.shape.length}-D tensor`;
  if (node.complete === true) {
    return { data: node.data, gradData: node.gradData, grid: flat ? node.shape : undefined, reason: noGrid, histogramOf: (n) => `${n} elements` };
  }
  const full = values !== undefined && values !== "loading" && !values.unavailable && values.shape !== undefined && sameShape(values.shape, node.shape) ? values : undefined;
  if (full?.blocks) {
    const [br, bc] = full.blocks.block;
    return {
      data: full.data, gradData: full.gradData, grid: flat ? full.blocks.grid : undefined, reason: noGrid,
      note: `downsampled: each cell is the largest-magnitude element of a ${br}×${bc} block of the ${count} elements`,
      histogramOf: (n) => `${n} block values (largest magnitude of each)`,
    };
  }
  if (full) return { data: full.data, gradData: full.gradData, grid: flat ? node.shape : undefined, reason: noGrid, histogramOf: (n) => `all ${n} elements` };
  const status = values === "loading" ? `Loading all ${count} elements…`
    : values?.unavailable ?? (values ? "The values gradlens holds are of another shape (from another run): run the check again." : undefined);
  return {
    data: node.data, gradData: node.gradData, status,
    reason: `no heatmap: only the first ${node.data?.length ?? 0} elements were captured`,
    histogramOf: (n) => `${n} sampled elements`,
  };
}

function pictures(node: TraceNode, values: InspectorContext["values"]): HTMLElement {
  const shown = pictured(node, values);
  const row = el("div", { className: "pictures" });
  const series: [string, readonly number[] | undefined][] = [["values", shown.data], ["gradient", shown.gradData]];
  for (const [title, data] of series) {
    if (!data || data.length === 0) continue;
    const figure = el("figure", {}, el("figcaption", {}, title));
    if (shown.grid && data.length === elementCount(gridOf(shown.grid))) {
      figure.append(heatmap(data, shown.grid, { kind: "signed" }));
      if (shown.note) figure.append(el("p", { className: "muted" }, shown.note));
    } else {
      figure.append(el("p", { className: "muted" }, shown.reason));
    }
    figure.append(histogram(data, cssColour("--vscode-charts-blue", "#3794ff")),
      el("p", { className: "muted" }, `histogram of ${shown.histogramOf(data.length)}`));
    row.append(figure);
  }
  if (!row.firstChild) row.append(el("p", { className: "muted" }, "No element values were captured for this node."));
  return shown.status ? el("div", {}, el("p", { className: "values-status muted" }, shown.status), row) : row;
}

function errorMapSection(map: InputErrorMap, report: CheckReport | undefined): HTMLElement {
  const errors = map.analytic.map((a, i) => Math.abs(a - map.numeric[i]));
  let worst = -1;
  errors.forEach((e, i) => {
    if (Number.isFinite(e) && (worst < 0 || e > errors[worst])) worst = i;
  });
  const result = report?.inputs.find((i) => i.name === map.name);
  const section = el("section", { className: "error-map" }, el("h3", {}, `Numeric vs analytic: ${displayName(map.name)}`));
  if (map.shape.length <= 2 && map.complete) {
    section.append(heatmap(errors, map.shape, { kind: "error", mark: worst >= 0 ? worst : undefined }));
  } else {
    section.append(el("p", { className: "muted" }, "no error map: the comparison does not cover every element"));
  }
  if (worst >= 0) {
    const [, cols] = gridOf(map.shape);
    const index = map.shape.length <= 1 ? `[${worst}]` : `[${Math.floor(worst / cols)}, ${worst % cols}]`;
    section.append(el("p", { className: "worst" },
      `worst element ${index}: analytic ${formatNumber(map.analytic[worst])}, numeric ${formatNumber(map.numeric[worst])}, |difference| ${formatNumber(errors[worst])}`));
  }
  if (result) {
    section.append(el("p", {}, `${result.ok ? "passes" : "FAILS"}: max abs error ${formatNumber(result.maxAbsError)}, max rel error ${formatNumber(result.maxRelError)}` +
      (result.excluded ? `, ${result.excluded} element(s) left out at a kink or tie` : "")));
  }
  return section;
}

/** A theme colour for canvas drawing, which cannot use var() directly. */
function cssColour(variable: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(variable).trim() || fallback;
}
