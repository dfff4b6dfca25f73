/*
 * gradlens graph panel: the browser side (bundled with Mermaid into dist/webview/panel.js as an iife).
 *
 * The host (src/extension) serves exactly this HTML once and then talks only through postMessage
 * (HostToWebview / WebviewToHost in src/protocol.ts):
 *
 *   <!DOCTYPE html>
 *   <html lang="en">
 *   <head>
 *     <meta charset="UTF-8">
 *     <meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource} data:;
 *       script-src 'nonce-${nonce}'; style-src ${cspSource} 'unsafe-inline'; font-src ${cspSource}">
 *     <meta name="viewport" content="width=device-width, initial-scale=1.0">
 *     <link rel="stylesheet" href="${asWebviewUri(media/panel.css)}">
 *     <title>gradlens</title>
 *   </head>
 *   <body>
 *     <div id="app"></div>
 *     <script nonce="${nonce}" src="${asWebviewUri(dist/webview/panel.js)}"></script>
 *   </body>
 *   </html>
 *
 * 'unsafe-inline' styles are needed only because Mermaid writes a <style> into each SVG; no script is ever inline.
 * On load the panel restores its PanelState (getState), draws it, and posts {type:"ready"}; the host answers with
 * {type:"show"}. When a render finishes, #app gets data-rendered="<n>" (tests and the host may wait on it), and
 * after a diagram, data-draw-ms: the time from trace to drawn SVG.
 */
import type { CheckReport, CheckTrace, HostToWebview, NodeValues, PanelState, RunResult, ThemeKind, TraceNode, WebviewToHost } from "../protocol";
import { displayName } from "../shared/text";
import { el, messageText } from "./dom";
import { indexTrace } from "./backwardRules";
import { foldKeysOnLine, visibleGraph, type ViewGraph, type ViewNode } from "./graphModel";
import { createViewport, nodeIndexOfTarget, type DrawnNode } from "./graphView";
import { renderInspector } from "./inspector";
import { reportMarkdown } from "./markdownReport";
import { mermaidLimitProblem, mermaidSource, nodeAriaLabel, nodeTitle } from "./mermaidSource";
import { errorBox, renderResults } from "./resultsView";
import { renderTable } from "./tableView";
import { paletteFor, themeFromBody } from "./theme";

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

type View = NonNullable<PanelState["view"]>;
const VIEWS: [View, string][] = [["forward", "Forward"], ["backward", "Backward"], ["results", "Results"], ["table", "Table"]];

const vscode = acquireVsCodeApi();
const app = document.getElementById("app") ?? document.body.appendChild(el("div", { id: "app" }));
let state: PanelState = vscode.getState() ?? {};
let theme: ThemeKind = themeFromBody(document.body);
let stale = false;
let drawn: { graph: ViewGraph; svg: SVGSVGElement } | undefined;
let renders = 0;
/** Full values the host sent for nodes the trace only samples, by valuesKey (emptied when a run is shown). */
const fullValues = new Map<string, NodeValues | "loading">();
const valuesKey = (check: string, node: number) => `${check}/${node}`;

const post = (message: WebviewToHost): void => vscode.postMessage(message);
const reveal = (line: number, column?: number): void => post({ type: "reveal", line, column });
const update = (patch: Partial<PanelState>): void => {
  state = { ...state, ...patch };
  vscode.setState(state);
};
// The host names the panel's file in the page: kept in the state before anything is drawn (see panelHtml).
if (app.dataset.file !== undefined && state.file !== app.dataset.file) update({ file: app.dataset.file });

// --- layout ------------------------------------------------------------------------------------------------------
const checkSelect = el("select", { id: "check", title: "Check" });
checkSelect.addEventListener("change", () => {
  update({ check: checkSelect.value, node: undefined });
  void render();
});
const tabs = VIEWS.map(([view, text]) => el("button", { className: "tab", dataset: { view }, onclick: () => {
  update({ view });
  void render();
} }, text));
const focusBox = el("input");
focusBox.type = "checkbox";
focusBox.id = "focus";
focusBox.addEventListener("change", () => {
  update({ focus: focusBox.checked });
  void render();
});
const viewport = createViewport((index) => selectNode(drawn?.graph.nodes[index]?.rep.id));
const toolbar = el("header", { className: "toolbar" },
  checkSelect,
  el("span", { className: "tabs" }, ...tabs),
  el("label", { title: "Draw only the nodes near the selected one" }, focusBox, " neighbourhood"),
  el("button", { title: "Zoom out", onclick: () => viewport.zoom(1 / 1.25) }, "−"),
  el("button", { title: "Zoom in", onclick: () => viewport.zoom(1.25) }, "+"),
  el("button", { title: "Fit the diagram to the panel", onclick: () => viewport.fit() }, "Fit"),
  el("button", { title: "Actual size", onclick: () => viewport.reset() }, "1:1"),
  el("button", { id: "export-svg", onclick: exportSvg }, "Export SVG"),
  el("button", { id: "export-md", onclick: exportMarkdown }, "Export report"),
  el("button", { id: "rerun", onclick: () => post({ type: "rerun" }) }, "Run again"),
);
const banner = el("div", { id: "banner" });
const mainArea = el("main", { id: "main" });
const inspectorArea = el("aside", { id: "inspector" });
app.append(toolbar, banner, el("div", { className: "panes" }, mainArea, inspectorArea));

// --- rendering ---------------------------------------------------------------------------------------------------
function current(): { result: RunResult; check?: CheckReport; trace?: CheckTrace } | undefined {
  const result = state.result;
  if (!result) return undefined;
  const check = result.report.checks.find((c) => c.name === state.check) ?? result.report.checks[0];
  const trace = result.traces.find((t) => t.check === check?.name);
  return { result, check, trace };
}

function say(text: string, kind: "note" | "warning" = "note"): void {
  banner.append(el("p", { className: kind }, text));
}

async function render(): Promise<void> {
  const token = ++renders;
  const view: View = state.view ?? "forward";
  tabs.forEach((t) => t.classList.toggle("active", t.dataset.view === view));
  focusBox.checked = state.focus === true;
  banner.replaceChildren();
  drawn = undefined;
  const now = current();
  fillCheckSelect(now?.result, now?.check?.name);
  if (!now) {
    mainArea.replaceChildren(el("p", { className: "muted" }, "Run a model file to see its graph (gradlens: Show Graph)."));
    inspectorArea.replaceChildren();
    return finish(token);
  }
  if (stale) say("The file changed since this run: the graph below is from the last run.", "warning");
  if (now.result.report.error) banner.append(errorBox(now.result.report.error, reveal));
  else if (now.check?.error) banner.append(errorBox(now.check.error, reveal));
  if (view === "results" || !now.trace) {
    if (!now.trace && view !== "results") say("This check has no graph to draw; its results are below.");
    mainArea.replaceChildren(renderResults(now.result, now.check?.name, reveal));
  } else if (view === "table") {
    showTable(now.trace, now.check);
  } else {
    await drawGraph(now.trace, now.check, view, token);
  }
  if (token !== renders) return;
  renderInspectorFor(now.trace, now.check);
  finish(token);
}

/** The table in the main area; keyboard focus stays on the same node's row through a redraw (a selection redraws). */
function showTable(trace: CheckTrace, report: CheckReport | undefined): void {
  const focusedRow = document.activeElement?.closest(".node-table tbody tr");
  const keep = focusedRow && mainArea.contains(focusedRow) ? focusedRow.getAttribute("data-node") : null;
  mainArea.replaceChildren(renderTable(trace, report, state.node, selectNode));
  markSelected();
  if (keep !== null) mainArea.querySelector<HTMLElement>(`.node-table tbody tr[data-node="${keep}"]`)?.focus({ preventScroll: true });
}

async function drawGraph(trace: CheckTrace, report: CheckReport | undefined, view: "forward" | "backward", token: number): Promise<void> {
  const started = performance.now();
  const focus = state.focus && state.node !== undefined && trace.nodes.some((n) => n.id === state.node) ? state.node : undefined;
  const graph = visibleGraph(trace, report, { expanded: new Set(state.expanded ?? []), focus, selected: state.node });
  const source = mermaidSource(graph, trace, { view, palette: paletteFor(theme) });
  const problem = mermaidLimitProblem(source, graph.edges.length);
  if (graph.note) say(graph.note);
  if (problem) {
    say(`Showing the table instead of a diagram: ${problem}.`, "warning");
    showTable(trace, report);
    return;
  }
  if (!mainArea.contains(viewport.element)) mainArea.replaceChildren(viewport.element);
  try {
    const svg = await viewport.render(source, theme, drawnNodes(graph, trace));
    if (token !== renders) return;
    drawn = { graph, svg };
    app.dataset.drawMs = String(Math.round(performance.now() - started));
    app.dataset.nodes = String(graph.nodes.length);
    markSelected();
  } catch (e) {
    if (token !== renders) return;
    say(`Mermaid could not draw this graph (${messageText(e instanceof Error ? e.message : String(e))}); showing the table instead.`, "warning");
    showTable(trace, report);
  }
}

/**
 * For the keyboard and screen readers: each drawn node's spoken name, whether it is the selected one, and a key that
 * names the same node in a re-run of the same check of the same file (as the selection does) and nothing elsewhere.
 */
function drawnNodes(graph: ViewGraph, trace: CheckTrace): DrawnNode[] {
  const index = indexTrace(trace);
  return graph.nodes.map((v) => ({
    key: JSON.stringify([state.file, trace.check, v.key]), name: nodeAriaLabel(v, index), title: nodeTitle(v), selected: isSelected(v),
  }));
}

function fillCheckSelect(result: RunResult | undefined, selected: string | undefined): void {
  const names = result?.report.checks.map((c) => c.name) ?? [];
  checkSelect.replaceChildren(...names.map((name) => {
    const option = el("option", {}, displayName(name));
    option.value = name;
    option.selected = name === selected;
    return option;
  }));
  checkSelect.hidden = names.length < 2;
}

function renderInspectorFor(trace: CheckTrace | undefined, report: CheckReport | undefined): void {
  const node = trace?.nodes.find((n) => n.id === state.node);
  if (!trace || !node) {
    inspectorArea.replaceChildren(el("p", { className: "muted" }, "Click a node to inspect it (or Tab to the graph, move with the arrow keys, press Enter)."));
    return;
  }
  const view = drawn?.graph.nodes.find((v) => v.members.includes(node.id));
  const site = view?.foldKey;
  const expanded = new Set(state.expanded ?? []);
  const body = site === undefined || node.line === undefined ? [] : foldKeysOnLine(trace, node.line);
  const toggle = (on: boolean) => () => {
    for (const key of body) if (on) expanded.add(key); else expanded.delete(key);
    update({ expanded: [...expanded] });
    void render();
  };
  const foldAction = site === undefined ? undefined : expanded.has(site)
    ? { label: `Fold the loop at line ${node.line}`, run: toggle(false) }
    : { label: `Expand the loop at line ${node.line} (×${view?.members.length})`, run: toggle(true) };
  inspectorArea.replaceChildren(renderInspector(node, view, { trace, report, reveal, foldAction, values: valuesOf(trace.check, node) }));
}

/** A sampled node's full values: asked of the host the first time the inspector shows it. */
function valuesOf(check: string, node: TraceNode): NodeValues | "loading" | undefined {
  if (node.complete === true || node.value.count === 0) return undefined;
  const key = valuesKey(check, node.id);
  if (!fullValues.has(key)) {
    fullValues.set(key, "loading");
    post({ type: "requestValues", check, node: node.id });
  }
  return fullValues.get(key);
}

/** NaN and Inf arrive as JSON null: NaN from here on. */
const numbers = (xs: readonly (number | null)[] | undefined) => xs?.map((v) => v ?? NaN);

function receiveValues(values: NodeValues): void {
  const key = valuesKey(values.check, values.node);
  // Manual nodes are not inspected yet; an answer to a request of an earlier run is dropped.
  if (values.manual || fullValues.get(key) !== "loading") return;
  fullValues.set(key, { ...values, data: numbers(values.data), gradData: numbers(values.gradData) });
  const now = current();
  if (now?.trace?.check === values.check && state.node === values.node) renderInspectorFor(now.trace, now.check);
}

const isSelected = (v: ViewNode | undefined): boolean => v !== undefined && state.node !== undefined && v.members.includes(state.node);

/**
 * Marks the selected node's table row, or outlines it in the drawn SVG without re-rendering (which would lose the
 * pan and zoom), and tells screen readers which node the inspector shows.
 */
function markSelected(): void {
  for (const row of mainArea.querySelectorAll<HTMLElement>(".node-table tbody tr")) {
    markCurrent(row, state.node !== undefined && row.dataset.node === String(state.node));
  }
  if (!drawn) return;
  for (const g of drawn.svg.querySelectorAll("g.node")) {
    const index = nodeIndexOfTarget(g);
    markCurrent(g, isSelected(index === undefined ? undefined : drawn.graph.nodes[index]));
  }
}

function markCurrent(element: Element, selected: boolean): void {
  element.classList.toggle("is-selected", selected);
  if (selected) element.setAttribute("aria-current", "true");
  else element.removeAttribute("aria-current");
}

function selectNode(id: number | undefined): void {
  if (id === undefined) return;
  update({ node: id });
  if (state.focus) {
    void render();
    return;
  }
  markSelected();
  const now = current();
  renderInspectorFor(now?.trace, now?.check);
}

function finish(token: number): void {
  if (token === renders) app.dataset.rendered = String(token);
}

function exportSvg(): void {
  if (!drawn) {
    say("Switch to the forward or backward view to export the graph.", "warning");
    return;
  }
  post({ type: "saveSvg", svg: new XMLSerializer().serializeToString(drawn.svg), check: current()?.check?.name });
}

function exportMarkdown(): void {
  if (state.result) post({ type: "saveMarkdown", markdown: reportMarkdown(state.result) });
}

// --- messages and theme ------------------------------------------------------------------------------------------
window.addEventListener("message", (event: MessageEvent<HostToWebview>) => {
  const msg = event.data;
  if (msg.type === "show") {
    const keep = msg.check ?? state.check;
    const check = msg.result.report.checks.some((c) => c.name === keep) ? keep : msg.result.report.checks[0]?.name;
    const sameFile = msg.file === state.file;
    stale = msg.stale === true;
    fullValues.clear();
    update({ file: msg.file, result: msg.result, check, node: sameFile ? state.node : undefined, expanded: sameFile ? state.expanded : [] });
    void render();
  } else if (msg.type === "select") {
    update({ check: msg.check, node: msg.node });
    void render();
  } else if (msg.type === "values") {
    receiveValues(msg);
  } else if (msg.type === "theme") {
    setTheme(msg.kind);
  }
});

/**
 * Redraws only for a theme the panel is not drawn in already: the host's `theme` message on `ready` names the theme the
 * body class gave the page at load, and VS Code also swaps that class when it tells the host of a change.
 */
function setTheme(next: ThemeKind): void {
  if (next === theme) return;
  theme = next;
  void render();
}

// VS Code swaps the body class when the user changes theme.
new MutationObserver(() => setTheme(themeFromBody(document.body))).observe(document.body, { attributes: true, attributeFilter: ["class"] });

void render();
post({ type: "ready" });
