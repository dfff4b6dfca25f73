import assert from "node:assert/strict";
import { test } from "node:test";
import type { RunResult, TraceNode } from "../../../src/protocol";
import { gradientParts, gradientShapes, indexTrace, ruleForArgument } from "../../../src/webview/backwardRules";
import { foldTrace } from "../../../src/webview/graphModel";
import { escapeMermaid, markClass, MAX_TEXT_SIZE, mermaidLimitProblem, mermaidSource, nodeAriaLabel, nodeTitle, type Palette } from "../../../src/webview/mermaidSource";
import hostile from "../../fixtures/traces/hostile.json";
import twoLayer from "../../fixtures/traces/two-layer.json";
import { unrolledRnn } from "../../fixtures/traces/unrolled";

const TWO = twoLayer as unknown as RunResult;
const HOSTILE = hostile as unknown as RunResult;
const palette: Palette = {
  marks: { nan: "fill:#f00", inf: "fill:#f00", fail: "fill:#f00", kink: "fill:#ff0", tie: "fill:#ff0", "dead-relu": "fill:#ccc" },
  input: "fill:#00f", custom: "fill:#f0f", output: "fill:#0f0",
};

test("escaping leaves only letters, digits and spaces; everything else is a #code; entity", () => {
  assert.equal(escapeMermaid("h_relu [64, 100]"), "h#95;relu #91;64#44; 100#93;");
  const escaped = escapeMermaid('<img src=x onerror=alert(1)>"]) --> n0\nclick');
  assert.match(escaped, /^[A-Za-z0-9 #;]*$/);
  assert.equal(escapeMermaid("∇ 𝑥"), "#8711; #119909;");
});

test("node ids are positional and every label, however hostile, stays inside its brackets", () => {
  const trace = HOSTILE.traces[0];
  const src = mermaidSource(foldTrace(trace, HOSTILE.report.checks[0], new Set()), trace, { view: "forward", palette });
  const lines = src.split("\n");
  assert.equal(lines[0], "flowchart TD");
  assert.match(lines[1], /^ {2}n0\(\["[A-Za-z0-9 #;]*(<br\/>[A-Za-z0-9 #;]*)*"\]\)$/);
  assert.match(lines[2], /^ {2}n1\{\{"[A-Za-z0-9 #;<br/>]*"\}\}$/);
  // Every line is a node, an edge or a class statement: no directive, no `click`, no raw markup got through.
  for (const line of lines.slice(1)) assert.match(line, /^ {2}(n\d+[({[ ]|classDef |class )/);
  assert.ok(!/%%|<img|<script/i.test(src));
});

test("the forward source draws the two-layer net with shapes and classes by verdict", () => {
  const trace = TWO.traces[0];
  const src = mermaidSource(foldTrace(trace, TWO.report.checks[0], new Set()), trace, { view: "forward", palette });
  assert.ok(src.includes(`n3("${escapeMermaid("h_relu = clamp")}<br/>${escapeMermaid("[64, 100]")}<br/>`));
  assert.ok(src.includes("  n1 --> n2"));
  assert.ok(src.includes(`  class n3 ${markClass("kink")}`));
  assert.ok(src.includes("  class n1,n4 input"));
  assert.ok(src.includes("  n9((")); // the loss
});

test("each node's spoken name says its name, op or kind, fold, output, shape and marks; hostile text stays plain text", () => {
  const trace = TWO.traces[0];
  const graph = foldTrace(trace, TWO.report.checks[0], new Set());
  const names = graph.nodes.map((n) => nodeAriaLabel(n, indexTrace(trace)));
  assert.deepEqual(names, [
    "x: constant, shape [64, 1000]", "w1: input, shape [1000, 100]", "h: mm, shape [64, 100]",
    "h_relu: clamp, shape [64, 100], marks kink, dead-relu", "w2: input, shape [100, 10]", "y_pred: mm, shape [64, 10]",
    "y: constant, shape [64, 10]", "sub, shape [64, 10]", "pow, shape [64, 10]", "loss: sum, output, scalar",
  ]);
  const rnn = unrolledRnn(5).traces[0];
  const folded = foldTrace(rnn, undefined, new Set());
  assert.ok(folded.nodes.map((n) => nodeAriaLabel(n, indexTrace(rnn))).includes("h: tanh, 5 loop iterations, shape [1, 16]"));
  const hostileTrace = HOSTILE.traces[0];
  const hostileNames = foldTrace(hostileTrace, undefined, new Set()).nodes.map((n) => nodeAriaLabel(n, indexTrace(hostileTrace)));
  assert.ok(hostileNames.some((name) => name.startsWith("<img src=x onerror=alert(1)>: input")), JSON.stringify(hostileNames));
});

test("the backward source reverses the edges and labels them with the rule part and the shapes", () => {
  const trace = TWO.traces[0];
  const src = mermaidSource(foldTrace(trace, undefined, new Set()), trace, { view: "backward", palette });
  const edge = src.split("\n").find((l) => l.startsWith("  n5 -.->|") && l.endsWith("| n4"));
  assert.ok(edge, src);
  assert.ok(edge.includes(escapeMermaid("mm: dB = Aᵀ·G")));
  assert.ok(edge.includes(escapeMermaid("Aᵀ·G: [100, 64]·[64, 10] → [100, 10]")));
});

test("a rule listing one formula per argument is split; other rules stay whole", () => {
  const node = (rule: string, inputs: number[]) => ({ rule, inputs }) as unknown as TraceNode;
  assert.equal(ruleForArgument(node("mul swaps: dx = y·g, dy = x·g", [0, 1]), 1), "mul swaps: dy = x·g");
  assert.equal(ruleForArgument(node("sum broadcasts g back to every element", [0]), 0), "sum broadcasts g back to every element");
  assert.equal(ruleForArgument(node("add distributes: dx = g, dy = g", [0]), 0), "add distributes: dx = g, dy = g");
});

test("gradient shapes say how a broadcast gradient is summed back to its operand", () => {
  const n = (shape: number[], op = "add", inputs = [0, 1]) => ({ shape, op, inputs }) as unknown as TraceNode;
  assert.equal(gradientShapes(n([64, 10]), 1, [n([64, 10]), n([10])]), "G [64, 10] → [10] (summed to fit)");
  assert.equal(gradientShapes(n([], "sum", [0]), 0, [n([64, 10])]), "G [] → [64, 10] (broadcast back)");
  assert.equal(gradientShapes(n([3]), 0, [n([3]), n([3])]), "G [3]");
});

test("sources over Mermaid's limits are caught before rendering, with the reason", () => {
  assert.equal(mermaidLimitProblem("flowchart TD", 10), undefined);
  assert.match(mermaidLimitProblem("x".repeat(MAX_TEXT_SIZE + 1), 1) ?? "", /over Mermaid's limit of 200000/);
  assert.match(mermaidLimitProblem("flowchart TD", 5000) ?? "", /5000 edges/);
});

test("a value feeding several ops lists the gradient parts that add up, naming at most four", () => {
  const relu = TWO.traces[1];
  assert.equal(gradientParts(0, indexTrace(relu)), "∑ 2 parts: via r (relu) + via c (clamp)");
  assert.equal(gradientParts(3, indexTrace(relu)), undefined);
  const rnn = unrolledRnn(10).traces[0];
  assert.equal(gradientParts(0, indexTrace(rnn)), "∑ 10 parts: via mm + via mm + via mm + via mm + 6 more");
});

test("a bidi override in a label and a 100,000-character op name are drawn escaped and cut; the title has them whole", () => {
  const trace = structuredClone(TWO.traces[0]);
  const h = trace.nodes.find((n) => n.label === "h")!;
  h.label = "h\u202eulér";
  h.op = "mm".repeat(50_000);
  const graph = foldTrace(trace, TWO.report.checks[0], new Set());
  const src = mermaidSource(graph, trace, { view: "forward", palette });
  assert.ok(!src.includes(`#${0x202e};`), "no raw U+202E reaches Mermaid");
  assert.ok(src.includes(escapeMermaid("h\\u202eulér = mmmm")), "the label reads escaped");
  assert.ok(src.length < 20_000, `a cut name keeps the diagram small (${src.length} characters)`);
  const node = graph.nodes.find((v) => v.rep.id === h.id)!;
  assert.equal(nodeTitle(node), `h\\u202eulér = ${h.op}`);
  assert.match(nodeAriaLabel(node, indexTrace(trace)), /^h\\u202eulér: (mm){39}m…, /);
  assert.equal(nodeTitle(graph.nodes.find((v) => v.rep.label === "h_relu")!), undefined, "no title where nothing was cut");
});

