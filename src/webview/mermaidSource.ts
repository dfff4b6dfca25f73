// ViewGraph → Mermaid flowchart source. Node ids are positional (n0, n1 …) and every piece of text is written as
// Mermaid `#<code>;` entities, so no user label can close a bracket, start a directive or smuggle in markup.
import type { CheckTrace, TraceNode } from "../protocol";
import { displayName, escapeControls } from "../shared/text";
import { gradientParts, gradientShapes, indexTrace, ruleForArgument, type TraceIndex } from "./backwardRules";
import { formatNumber, formatShape, sameShape, summaryAlarms } from "./format";
import type { Mark, ViewGraph, ViewNode } from "./graphModel";

export type GraphView = "forward" | "backward";

/** Letters, digits and spaces stay; every other character becomes `#<code point>;`, which Mermaid decodes as text. */
export function escapeMermaid(text: string): string {
  let out = "";
  for (const ch of text) out += /[A-Za-z0-9 ]/.test(ch) ? ch : `#${ch.codePointAt(0)};`;
  return out;
}

/** Limits raised above Mermaid's defaults; checked before rendering so Mermaid never draws its silent error picture. */
export const MAX_TEXT_SIZE = 200_000;
export const MAX_EDGES = 2_000;

/** Why Mermaid would refuse this source, in words for the banner; undefined when it fits. */
export function mermaidLimitProblem(source: string, edgeCount: number): string | undefined {
  if (source.length > MAX_TEXT_SIZE) return `the diagram text (${source.length} characters) is over Mermaid's limit of ${MAX_TEXT_SIZE}`;
  if (edgeCount > MAX_EDGES) return `the diagram has ${edgeCount} edges, over Mermaid's limit of ${MAX_EDGES}`;
  return undefined;
}

/** Colours per mark, strongest first: a node shows the first of its marks in this order. */
export const MARK_PRIORITY: Mark[] = ["nan", "inf", "fail", "kink", "tie", "dead-relu"];

export interface Palette {
  marks: Record<Mark, string>;
  input: string;
  custom: string;
  output: string;
}

export interface SourceOptions {
  view: GraphView;
  palette: Palette;
}

/** The Mermaid source for a view graph. Lines of a label are joined with `<br/>`, the only markup ever emitted. */
export function mermaidSource(graph: ViewGraph, trace: CheckTrace, opts: SourceOptions): string {
  const lines = ["flowchart TD"];
  const index = indexTrace(trace);
  graph.nodes.forEach((node, i) => {
    const text = nodeLines(node, opts.view, index).map(escapeMermaid).join("<br/>");
    const [open, close] = bracketsOf(node);
    lines.push(`  n${i}${open}"${text}"${close}`);
  });
  for (const e of graph.edges) {
    const from = graph.nodes[e.from];
    const to = graph.nodes[e.to];
    const times = e.count > 1 ? `×${e.count}` : "";
    if (opts.view === "forward") {
      lines.push(times ? `  n${e.from} -->|"${escapeMermaid(times)}"| n${e.to}` : `  n${e.from} --> n${e.to}`);
    } else {
      const label = [...backwardEdgeLines(to.rep, from.rep, index.byId), times].filter(Boolean).map(escapeMermaid).join("<br/>");
      lines.push(`  n${e.to} -.->|"${label}"| n${e.from}`);
    }
  }
  lines.push(...classLines(graph, opts));
  return lines.join("\n");
}

function bracketsOf(node: ViewNode): [string, string] {
  if (node.output) return ["((", "))"];
  if (node.kind === "input") return ["([", "])"];
  if (node.kind === "custom") return ["{{", "}}"];
  if (node.kind === "const") return ["[", "]"];
  return ["(", ")"];
}

/** Plain-text lines of a node's label; escaping happens once, in mermaidSource. */
function nodeLines(node: ViewNode, view: GraphView, index: TraceIndex): string[] {
  const n = node.rep;
  const times = node.members.length > 1 ? ` ×${node.members.length}` : "";
  const label = n.label === undefined ? undefined : displayName(n.label);
  const op = displayName(n.op);
  const head =
    node.kind === "input" ? `${label ?? op}` :
    node.kind === "const" ? `${label ?? "const"}${times}` :
    `${label ? `${label} = ` : ""}${op}${node.kind === "custom" ? " (custom op)" : ""}${times}`;
  const kind = node.kind === "input" ? "input · " : node.kind === "const" ? "const · " : "";
  const lines = [head, `${kind}${shapeOfFold(node, index)}`];
  if (node.marks.length > 0) lines.push(`⚠ ${node.marks.join(", ")}`);
  if (view === "backward") {
    lines.push(n.grad ? `∇ ${gradShort(n)}` : "∇ none");
    const parts = node.members.length === 1 ? gradientParts(n.id, index) : undefined;
    if (parts) lines.push(parts);
  }
  return lines;
}

/**
 * What a screen reader says for a node: the facts of its drawn label as words ("h_relu: clamp, shape [64, 100],
 * marks kink, dead-relu"), kept beside nodeLines so the two say the same. Plain text, set as an attribute.
 */
export function nodeAriaLabel(node: ViewNode, index: TraceIndex): string {
  const n = node.rep;
  const op = displayName(n.op);
  const what = node.kind === "input" ? "input" : node.kind === "const" ? "constant" : node.kind === "custom" ? `${op} custom op` : op;
  const shape = shapeOfFold(node, index);
  return [
    n.label ? `${displayName(n.label)}: ${what}` : what,
    node.members.length > 1 ? `${node.members.length} loop iterations` : "",
    node.output ? "output" : "",
    shape === formatShape([]) ? "scalar" : `shape ${shape}`,
    node.marks.length > 0 ? `marks ${node.marks.join(", ")}` : "",
  ].filter(Boolean).join(", ");
}

/** On hover over a node whose label or op name the diagram cut: both in full (escaped); undefined when none was cut. */
export function nodeTitle(node: ViewNode): string | undefined {
  const { label, op } = node.rep;
  const cut = (name: string | undefined) => name !== undefined && displayName(name) !== escapeControls(name);
  if (!cut(label) && !cut(op)) return undefined;
  return label === undefined ? escapeControls(op) : `${escapeControls(label)} = ${escapeControls(op)}`;
}

/** The fold's common shape, or "shapes vary" when its iterations differ. */
function shapeOfFold(node: ViewNode, index: TraceIndex): string {
  const shape = node.rep.shape;
  const same = node.members.length === 1 || node.members.every((id) => sameShape(index.byId.get(id)?.shape ?? [], shape));
  return same ? formatShape(shape) : "shapes vary";
}

function gradShort(n: TraceNode): string {
  const g = n.grad!;
  return [`mean ${formatNumber(g.mean)} ± ${formatNumber(g.std)}`, ...summaryAlarms(g)].join(", ");
}

/** The consumer's rule for this argument, then the shapes of the gradient product. */
function backwardEdgeLines(consumer: TraceNode, producer: TraceNode, byId: Map<number, TraceNode>): string[] {
  const arg = Math.max(0, consumer.inputs.indexOf(producer.id));
  const producers = consumer.inputs.map((id) => byId.get(id)).filter((p): p is TraceNode => p !== undefined);
  const rule = ruleForArgument(consumer, arg);
  return [rule === undefined ? "" : escapeControls(rule), gradientShapes(consumer, arg, producers)].filter(Boolean);
}

function classLines(graph: ViewGraph, opts: SourceOptions): string[] {
  const p = opts.palette;
  const defs: Record<string, string> = { input: p.input, custom: p.custom, output: p.output };
  for (const m of MARK_PRIORITY) defs[markClass(m)] = p.marks[m];
  const members = new Map<string, number[]>();
  graph.nodes.forEach((node, i) => {
    const mark = MARK_PRIORITY.find((m) => node.marks.includes(m));
    const cls = mark ? markClass(mark) : node.output ? "output" : node.kind === "input" ? "input" : node.kind === "custom" ? "custom" : undefined;
    if (cls) members.set(cls, [...(members.get(cls) ?? []), i]);
  });
  const out = Object.entries(defs).map(([name, style]) => `  classDef ${name} ${style}`);
  for (const [cls, ids] of members) out.push(`  class ${ids.map((i) => `n${i}`).join(",")} ${cls}`);
  return out;
}

/** Mermaid class names must be identifiers: `dead-relu` becomes `mark_dead_relu`. */
export function markClass(m: Mark): string {
  return `mark_${m.replace(/-/g, "_")}`;
}
