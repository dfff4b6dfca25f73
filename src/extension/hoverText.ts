// The Markdown of a hover in a model file, read from the last run's trace: it never runs code.
// Pure (no vscode import): hover.ts finds the word under the cursor and wraps this in a vscode.Hover.
import type { CheckReport, CheckTrace, InputResult, RunResult, Summary, TraceNode } from "../protocol";
import { distinctShapes, elementCount, num, shapeText } from "./format";

export interface HoverQuery {
  /** 1-based line and column of the first character of the word under the cursor. */
  line: number;
  column: number;
  /** The identifier under the cursor. */
  word: string;
}

export interface RunMeta {
  /** The file's text changed since the run: lines may have moved. */
  stale: boolean;
  /** When the run finished, as the user reads it (e.g. "10:41:03"). */
  ranAt: string;
}

/** One place in a trace: the nodes one line made (several in a loop) and the check and list they belong to. */
interface Match {
  trace: CheckTrace;
  report: CheckReport | undefined;
  nodes: TraceNode[];
  /** All nodes of the list the match came from (forward or manualGrads), by id: op inputs are looked up here. */
  byId: Map<number, TraceNode>;
  manual: boolean;
  /** Matched on the op name at a call, not on a variable name. */
  opCall: boolean;
}

export function hoverMarkdown(result: RunResult, q: HoverQuery, meta: RunMeta): string | undefined {
  const match = findMatch(result, q);
  if (!match) return undefined;
  const body = match.opCall ? opHover(match) : match.manual ? manualHover(match) : variableHover(match);
  const footer = `*gradlens: last run ${meta.ranAt}, check \`${code(match.trace.check)}\`*`;
  const staleNote = meta.stale ? "\n\n*The file changed since that run: lines may have moved. Run the check again.*" : "";
  return `${body}\n\n${footer}${staleNote}`;
}

// ---------------------------------------------------------------------------------------------
// Finding the nodes under the cursor

function findMatch(result: RunResult, q: HoverQuery): Match | undefined {
  const traces = [...result.traces].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  // The check whose defineCheck starts last at or before the cursor holds it; other checks only as a fallback.
  const enclosing = traces.filter((t) => (t.line ?? 0) <= q.line).pop();
  const ordered = enclosing ? [enclosing, ...traces.filter((t) => t !== enclosing)] : traces;
  const lists = ordered.flatMap((trace) => [
    { trace, nodes: trace.nodes, manual: false },
    { trace, nodes: trace.manualNodes, manual: true },
  ]);
  const make = (l: (typeof lists)[number], nodes: TraceNode[], opCall: boolean): Match => ({
    trace: l.trace,
    report: result.report.checks.find((c) => c.name === l.trace.check),
    nodes,
    byId: new Map(l.nodes.map((n) => [n.id, n])),
    manual: l.manual,
    opCall,
  });
  // 1. An op call on this line: the op's name under the cursor (the column tells apart two calls of one op).
  for (const l of lists) {
    const calls = l.nodes.filter((n) => n.line === q.line && n.kind !== "input" && n.kind !== "const" && n.op === q.word);
    const exact = calls.filter((n) => n.column === q.column);
    if (calls.length) return make(l, exact.length ? exact : calls, true);
  }
  // 2. A variable declared on this line, then the closest declaration above it (its later uses), then anywhere.
  for (const pick of [sameLine, closestAbove, anyLine]) {
    for (const l of lists) {
      const nodes = pick(l.nodes.filter((n) => n.label === q.word), q.line);
      if (nodes.length) return make(l, nodes, false);
    }
  }
  return undefined;
}

const sameLine = (nodes: TraceNode[], line: number) => nodes.filter((n) => n.line === line);

function closestAbove(nodes: TraceNode[], line: number): TraceNode[] {
  const above = nodes.filter((n) => n.line !== undefined && n.line < line);
  const best = Math.max(...above.map((n) => n.line as number));
  return above.filter((n) => n.line === best);
}

/** Leaves (inputs) may carry no line at all: the label alone identifies them. */
const anyLine = (nodes: TraceNode[]) => {
  const first = nodes[0];
  return first ? nodes.filter((n) => n.line === first.line) : [];
};

// ---------------------------------------------------------------------------------------------
// The three kinds of hover

function variableHover(m: Match): string {
  const [node] = m.nodes;
  const lines = [heading(m, `**\`${code(node.label ?? node.op)}\`**`), ...loopLines(m.nodes)];
  if (m.nodes.length === 1) {
    if (node.kind === "op" || node.kind === "custom") lines.push(`= \`${shapeFlow(node, m.byId)}\``);
    lines.push(...tensorLines(node));
  }
  const input = m.report?.inputs.find((i) => i.name === node.label && m.trace.inputs.some((t) => t.node === node.id));
  if (input) lines.push(inputVerdict(input));
  return lines.join("\n\n");
}

function opHover(m: Match): string {
  const [node] = m.nodes;
  const name = `${node.kind === "custom" ? "custom op " : ""}**\`${code(node.op)}\`**`;
  const lines = [heading(m, name), ...loopLines(m.nodes)];
  if (m.nodes.length === 1) {
    lines.push(`\`${shapeFlow(node, m.byId)}\``);
    if (node.rule) lines.push(`local gradient: ${node.rule}`);
    lines.push(...tensorLines(node));
  }
  const own = node.kind === "custom" ? m.report?.ops.find((o) => o.op === node.op) : undefined;
  if (own) {
    lines.push(own.ok
      ? `✓ its backward matches numerical differentiation, max rel. error ${num(own.maxRelError)}`
      : `✗ its backward is wrong: ${own.message ?? `max rel. error ${num(own.maxRelError)}`} (defined at line ${own.line})`);
  }
  return lines.join("\n\n");
}

function manualHover(m: Match): string {
  const [node] = m.nodes;
  const lines = [heading(m, `**\`${code(node.label ?? node.op)}\`**`)];
  const returned = m.trace.manualReturned.find((r) => r.node === node.id);
  if (returned && m.nodes.length === 1) lines.push(manualVerdict(m, node, returned.input));
  if (m.nodes.length === 1) lines.push(...tensorLines(node));
  return lines.join("\n\n");
}

/** `**h** [64, 100] float64`, or for a loop `**h** ×12 from this line: [1, 20] ×12`. */
function heading(m: Match, name: string): string {
  const [node] = m.nodes;
  const where = m.manual ? " · in manualGrads" : "";
  if (m.nodes.length > 1) {
    return `${name} ×${m.nodes.length} from this line (a loop): ${distinctShapes(m.nodes.map((n) => n.shape))}${where}`;
  }
  return `${name} \`${shapeText(node.shape)}\` ${node.dtype}${where}`;
}

/** Most iterations shown per loop; past that the list would hide the hover's other lines. */
const LOOP_STEPS_SHOWN = 12;

/** Per iteration of a loop, the largest gradient magnitude: vanishing or exploding gradients through time show here. */
function loopLines(nodes: TraceNode[]): string[] {
  if (nodes.length < 2 || !nodes.some((n) => n.grad)) return [];
  const steps = nodes.slice(0, LOOP_STEPS_SHOWN).map((n) => (n.grad ? num(Math.max(Math.abs(n.grad.min), Math.abs(n.grad.max))) : "–"));
  const more = nodes.length > LOOP_STEPS_SHOWN ? `, … (${nodes.length - LOOP_STEPS_SHOWN} more)` : "";
  return [`largest |gradient| by iteration: ${steps.join(", ")}${more}`];
}

const opSymbols: Record<string, string> = { mm: "·", matmul: "·", add: "+", sub: "−", mul: "⊙", div: "÷" };

/** How the operands' shapes combine: `[100, 64] · [64, 10] → [100, 10]`, or `relu([64, 100]) → [64, 100]`. */
export function shapeFlow(node: TraceNode, byId: Map<number, TraceNode>): string {
  const shapes = node.inputs.map((id) => byId.get(id)).map((n) => (n ? shapeText(n.shape) : "?"));
  const out = shapeText(node.shape);
  const symbol = opSymbols[node.op];
  if (symbol && shapes.length === 2) return `${shapes[0]} ${symbol} ${shapes[1]} → ${out}`;
  return `${node.op}(${shapes.join(", ")}) → ${out}`;
}

function tensorLines(node: TraceNode): string[] {
  const lines = [`value: ${summaryText(node.value, node.complete ? node.data : undefined)}`];
  if (node.grad) lines.push(`gradient: ${summaryText(node.grad, node.complete ? node.gradData : undefined)}`);
  return lines;
}

/** Every value when there are only a few, else mean ± std and range; NaN, Inf and many zeros always said. */
function summaryText(s: Summary, data?: number[]): string {
  const parts =
    data && data.length <= 6
      ? [`[${data.map(num).join(", ")}]`]
      : [`mean ${num(s.mean)} ± ${num(s.std)}`, `range [${num(s.min)}, ${num(s.max)}]`];
  if (s.nan) parts.push(`**${s.nan} NaN**`);
  if (s.inf) parts.push(`**${s.inf} Inf**`);
  if (s.count > 1 && s.zeros * 2 >= s.count) parts.push(`${s.zeros} of ${s.count} exactly 0`);
  return parts.join(", ");
}

function inputVerdict(r: InputResult): string {
  const sampled = r.checked !== undefined && r.checked < elementCount(r.shape) ? `, ${r.checked} elements sampled` : "";
  const excluded = r.excluded ? `, ${r.excluded} at a kink or tie left out` : "";
  if (r.ok) return `✓ dL/d${r.name}: autograd matches numerical, max rel. error ${num(r.maxRelError)}${sampled}${excluded}`;
  const w = r.worst;
  const worst = w ? `; worst at ${shapeText(w.index)}: autograd ${num(w.analytic)}, numerical ${num(w.numeric)}` : "";
  return `✗ dL/d${r.name}: autograd differs from numerical, max rel. error ${num(r.maxRelError)}${worst}${sampled}${excluded}`;
}

/** `grad_w2 [100, 10] — matches dL/dw2, max rel. error 2e-16`, or the worst element and the hint when it does not. */
function manualVerdict(m: Match, node: TraceNode, input: string): string {
  const label = node.label ?? node.op;
  const head = `\`${code(label)}\` \`${shapeText(node.shape)}\``;
  const inputNode = m.trace.inputs.find((i) => i.name === input);
  const inputShape = inputNode && m.trace.nodes.find((n) => n.id === inputNode.node)?.shape;
  if (inputShape && shapeText(inputShape) !== shapeText(node.shape)) {
    return `✗ ${head} — returned for ${input}, whose shape is \`${shapeText(inputShape)}\``;
  }
  const r = m.report?.manual.find((x) => x.name === input);
  if (!r) return `${head} — returned for ${input} (not compared in that run)`;
  if (r.ok) return `✓ ${head} — matches dL/d${input}, max rel. error ${num(r.maxRelError)}`;
  const w = r.worst;
  const worst = w ? `; worst at ${shapeText(w.index)}: manual ${num(w.manual)}, autograd ${num(w.autograd)}` : "";
  const hint = r.hint ? `\n\n${r.hint}` : "";
  return `✗ ${head} — does not match dL/d${input}: max rel. error ${num(r.maxRelError)}${worst}${hint}`;
}

/** Names come from the user's code (custom op names are free text): keep them inside their code span. */
const code = (text: string) => text.replace(/`/g, "'");
