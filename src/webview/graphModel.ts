// The pure view model of the graph panel: a check's trace → nodes folded by call site → the part worth drawing.
// No DOM here, so the folding, the neighbourhood and the budget are unit-tested in Node.
import type { CheckReport, CheckTrace, GraphEdge, NodeKind, TraceNode } from "../protocol";
import { displayName } from "../shared/text";

export type Mark = NonNullable<TraceNode["marks"]>[number];

export interface ViewNode {
  /** Stable across renders: `t<id>` for one trace node, the fold key for a folded call site. */
  key: string;
  /** Trace node ids drawn by this view node, ascending; more than one when folded. */
  members: number[];
  /** The first member: its label, op and shape stand for the whole fold. */
  rep: TraceNode;
  kind: NodeKind;
  /** The check's output (the loss, usually). */
  output: boolean;
  /** Call-site key shared by every node of a loop, set when the site repeats (folded or expanded). */
  foldKey?: string;
  marks: Mark[];
}

export interface ViewEdge {
  /** Indices into ViewGraph.nodes. */
  from: number;
  to: number;
  /** How many trace edges this one stands for (folds merge them). */
  count: number;
}

export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
  /** How many nodes the folded graph has in all, before any neighbourhood cut. */
  total: number;
  /** Why not everything is drawn, for the banner above the diagram. */
  note?: string;
}

/** The diagram stays readable (and well inside Mermaid's limits) up to about this many nodes. */
export const NODE_BUDGET = 150;

/**
 * Nodes made by the same call site (line, column, op) are the iterations of a loop: they share a fold key.
 * Inputs never fold (each is named), nor nodes without a line (nothing tells them apart).
 */
function foldKeyOf(node: TraceNode): string | undefined {
  if (node.kind === "input" || node.line === undefined) return undefined;
  return `${node.kind}:${node.line}:${node.column ?? ""}:${node.op}`;
}

/**
 * The fold keys of every repeated call site on a line: unfolding one unfolds the loop body it belongs to, so the
 * iterations draw as the chain they are (mm → add → tanh → mm …) instead of one op fanning out to folded neighbours.
 */
export function foldKeysOnLine(trace: CheckTrace, line: number): string[] {
  const counts = new Map<string, number>();
  for (const n of trace.nodes) {
    const k = n.line === line ? foldKeyOf(n) : undefined;
    if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts].filter(([, c]) => c > 1).map(([k]) => k);
}

/** The output is the last node nothing consumes: the value `forward` returned. */
export function outputNodeId(trace: CheckTrace): number | undefined {
  const consumed = new Set(trace.edges.map((e) => e.from));
  for (let i = trace.nodes.length - 1; i >= 0; i--) {
    if (!consumed.has(trace.nodes[i].id)) return trace.nodes[i].id;
  }
  return undefined;
}

/** The marks of a node plus `fail` where the report says its input's gradient or its custom op's backward is wrong. */
export function marksOf(node: TraceNode, trace: CheckTrace, report: CheckReport | undefined): Mark[] {
  const marks = new Set<Mark>(node.marks ?? []);
  if (report) {
    const inputName = trace.inputs.find((i) => i.node === node.id)?.name;
    if (inputName !== undefined && report.inputs.some((r) => r.name === inputName && !r.ok)) marks.add("fail");
    if (node.kind === "custom" && report.ops.some((o) => o.op === node.op && !o.ok)) marks.add("fail");
  }
  return [...marks];
}

/** Every trace node, with repeated call sites folded into one node unless their fold key is in `expanded`. */
export function foldTrace(trace: CheckTrace, report: CheckReport | undefined, expanded: ReadonlySet<string>): ViewGraph {
  const siteCounts = new Map<string, number>();
  for (const n of trace.nodes) {
    const k = foldKeyOf(n);
    if (k !== undefined) siteCounts.set(k, (siteCounts.get(k) ?? 0) + 1);
  }
  const output = outputNodeId(trace);
  const nodes: ViewNode[] = [];
  const indexOfTrace = new Map<number, number>();
  const indexOfFold = new Map<string, number>();
  for (const n of trace.nodes) {
    const site = foldKeyOf(n);
    const repeats = site !== undefined && (siteCounts.get(site) ?? 0) > 1;
    const folds = repeats && !expanded.has(site) && n.id !== output;
    const existing = folds ? indexOfFold.get(site) : undefined;
    if (existing !== undefined) {
      const v = nodes[existing];
      v.members.push(n.id);
      for (const m of marksOf(n, trace, report)) if (!v.marks.includes(m)) v.marks.push(m);
      indexOfTrace.set(n.id, existing);
      continue;
    }
    if (folds) indexOfFold.set(site, nodes.length);
    indexOfTrace.set(n.id, nodes.length);
    nodes.push({
      key: folds ? site : `t${n.id}`,
      members: [n.id],
      rep: n,
      kind: n.kind,
      output: n.id === output,
      foldKey: repeats ? site : undefined,
      marks: marksOf(n, trace, report),
    });
  }
  return { nodes, edges: mergeEdges(trace.edges, indexOfTrace), total: nodes.length };
}

function mergeEdges(edges: GraphEdge[], indexOf: Map<number, number>): ViewEdge[] {
  const merged = new Map<string, ViewEdge>();
  for (const e of edges) {
    const from = indexOf.get(e.from);
    const to = indexOf.get(e.to);
    if (from === undefined || to === undefined) continue;
    const key = `${from}>${to}`;
    const seen = merged.get(key);
    if (seen) seen.count++;
    else merged.set(key, { from, to, count: 1 });
  }
  return [...merged.values()];
}

/** A leaf feeding more ops than this is drawn once beside each of them (see splitHubLeaves). */
export const HUB_LEAF_USES = 4;

/**
 * A leaf (weights, a folded constant) used by many ops is drawn once beside each use, as graph viewers do with
 * auxiliary nodes: otherwise every unrolled iteration gets a long edge back to one node, which both hides the chain
 * and makes Mermaid's layout crawl (each long edge becomes a dummy node per rank it spans).
 */
export function splitHubLeaves(graph: ViewGraph): ViewGraph {
  const uses = graph.nodes.map(() => 0);
  const fed = new Set<number>();
  for (const e of graph.edges) {
    uses[e.from]++;
    fed.add(e.to);
  }
  const isHub = (i: number) => !fed.has(i) && uses[i] > HUB_LEAF_USES;
  if (!graph.nodes.some((_, i) => isHub(i))) return graph;
  const nodes: ViewNode[] = [];
  const indexOf = new Map<number, number>();
  graph.nodes.forEach((n, i) => {
    if (isHub(i)) return;
    indexOf.set(i, nodes.length);
    nodes.push(n);
  });
  const edges: ViewEdge[] = [];
  const copies = new Map<number, number>();
  for (const e of graph.edges) {
    const to = indexOf.get(e.to)!;
    if (!isHub(e.from)) {
      edges.push({ ...e, from: indexOf.get(e.from)!, to });
      continue;
    }
    const copy = copies.get(e.from) ?? 0;
    copies.set(e.from, copy + 1);
    edges.push({ ...e, from: nodes.length, to });
    nodes.push({ ...graph.nodes[e.from], key: `${graph.nodes[e.from].key}#${copy}` });
  }
  return { ...graph, nodes, edges };
}

/** Nodes with more edges than this are hubs for the neighbourhood walk. */
const HUB_DEGREE = 8;

/** The view node that draws a trace node. */
function viewIndexOf(graph: ViewGraph, traceId: number): number {
  return graph.nodes.findIndex((n) => n.members.includes(traceId));
}

/**
 * The nodes nearest `center` (edges followed both ways), ring by ring, up to the budget; of the ring that does not
 * fit whole, those closest in creation order (the neighbouring loop iterations). Indices are renumbered; `total`
 * keeps the size of the whole graph.
 */
export function neighbourhood(graph: ViewGraph, center: number, budget: number): ViewGraph {
  const adjacent: number[][] = graph.nodes.map(() => []);
  for (const e of graph.edges) {
    adjacent[e.from].push(e.to);
    adjacent[e.to].push(e.from);
  }
  let kept = [center];
  const seen = new Set(kept);
  let frontier = kept;
  let radius = 0;
  while (frontier.length > 0) {
    // A hub (shared weights, a folded constant) is drawn but not walked through: through it every loop iteration
    // is two steps away, and the neighbourhood would be a fan of unrelated iterations instead of a chain.
    const walk = frontier.filter((i) => i === center || adjacent[i].length <= HUB_DEGREE);
    let next = [...new Set(walk.flatMap((i) => adjacent[i]))].filter((i) => !seen.has(i));
    const room = budget - kept.length;
    if (next.length === 0 || room <= 0) break;
    const partial = next.length > room;
    if (partial) next = next.sort((a, b) => Math.abs(a - center) - Math.abs(b - center) || a - b).slice(0, room);
    next.forEach((i) => seen.add(i));
    kept = kept.concat(next);
    frontier = next;
    radius++;
    if (partial) break;
  }
  const within = `${radius} step${radius === 1 ? "" : "s"}`;
  return { ...subgraph(graph, kept), note: `${kept.length} of ${graph.total} nodes: the nearest within ${within} of ${nodeName(graph.nodes[center])}` };
}

function subgraph(graph: ViewGraph, keep: number[]): ViewGraph {
  const order = [...keep].sort((a, b) => a - b);
  const renumber = new Map(order.map((old, i) => [old, i]));
  const edges: ViewEdge[] = [];
  for (const e of graph.edges) {
    const from = renumber.get(e.from);
    const to = renumber.get(e.to);
    if (from !== undefined && to !== undefined) edges.push({ ...e, from, to });
  }
  return { nodes: order.map((i) => graph.nodes[i]), edges, total: graph.total };
}

/** The variable name, else the op: what a person calls this node. */
function nodeName(node: ViewNode): string {
  return displayName(node.rep.label ?? node.rep.op);
}

export interface VisibleOptions {
  expanded: ReadonlySet<string>;
  /** Trace node id to centre a neighbourhood on. */
  focus?: number;
  /** The selected trace node: the centre when the graph is over the budget (else the output is). */
  selected?: number;
  budget?: number;
}

/**
 * What the diagram draws: the folded graph; around `focus` when asked; around the selected node (else the output)
 * when the folded graph is still over the budget (the note says so and the table view lists everything).
 */
export function visibleGraph(trace: CheckTrace, report: CheckReport | undefined, opts: VisibleOptions): ViewGraph {
  const budget = opts.budget ?? NODE_BUDGET;
  const folded = splitHubLeaves(foldTrace(trace, report, opts.expanded));
  const focusIndex = opts.focus === undefined ? -1 : viewIndexOf(folded, opts.focus);
  if (focusIndex >= 0) return neighbourhood(folded, focusIndex, budget);
  if (folded.nodes.length <= budget) return folded;
  const out = outputNodeId(trace);
  const selectedIndex = opts.selected === undefined ? -1 : viewIndexOf(folded, opts.selected);
  const center = selectedIndex >= 0 ? selectedIndex : out === undefined ? folded.nodes.length - 1 : viewIndexOf(folded, out);
  const near = neighbourhood(folded, center, budget);
  return { ...near, note: `${near.note} (the whole graph is too large to draw; the table lists every node)` };
}
