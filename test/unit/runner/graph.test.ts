// The captured graph: labels from the variables results were assigned to, the user's lines, shapes and edges.
import assert from "node:assert/strict";
import { mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { CheckTrace, Mode, TraceNode } from "../../../src/protocol";
import { runFile } from "../../../src/runner/client";
import { ROOT, WORKER, columnOf, fixture, lineOf } from "./fixtures";

const traceOf = async (name: string, mode: Mode = "full"): Promise<CheckTrace> => {
  const { report, traces } = await runFile(fixture(name), { workerPath: WORKER, mode });
  assert.equal(report.error, null, JSON.stringify(report.error));
  assert.equal(traces.length, 1);
  return traces[0];
};
const byLabel = (trace: CheckTrace, label: string): TraceNode[] => trace.nodes.filter((n) => n.label === label);
const only = (nodes: TraceNode[], what: string): TraceNode => {
  assert.equal(nodes.length, 1, `exactly one ${what}, got ${nodes.length}`);
  return nodes[0];
};

test("two-layer net: each assigned op carries its variable's name, line and shape", async () => {
  const trace = await traceOf("two-layer.ts");
  const line = (mark: string) => lineOf("two-layer.ts", mark);
  const h = only(byLabel(trace, "h"), "h");
  assert.deepEqual([h.op, h.shape, h.line], ["mm", [8, 6], line("h")]);
  assert.equal(h.column, columnOf("two-layer.ts", "h", "mm("));
  const hRelu = only(byLabel(trace, "h_relu"), "h_relu");
  assert.deepEqual([hRelu.op, hRelu.shape, hRelu.line], ["clamp", [8, 6], line("h_relu")]);
  assert.deepEqual(hRelu.inputs, [h.id]);
  const yPred = only(byLabel(trace, "y_pred"), "y_pred");
  assert.deepEqual([yPred.op, yPred.shape, yPred.line], ["mm", [8, 3], line("y_pred")]);
  const loss = trace.nodes.filter((n) => n.line === line("loss")).map((n) => n.op);
  assert.deepEqual(loss.filter((op) => op !== "const"), ["sub", "pow", "sum"]);
});

test("two-layer net: inputs and module-level constants are labelled leaves with their lines", async () => {
  const trace = await traceOf("two-layer.ts");
  const w1 = only(byLabel(trace, "w1"), "w1");
  assert.equal(w1.kind, "input");
  assert.equal(w1.line, lineOf("two-layer.ts", "w1"));
  assert.deepEqual(trace.inputs.map((i) => i.name).sort(), ["w1", "w2"]);
  const x = only(byLabel(trace, "x"), "x");
  assert.equal(x.kind, "const");
  assert.deepEqual(x.shape, [8, 20]);
  assert.equal(x.line, lineOf("two-layer.ts", "x"));
  const h = only(byLabel(trace, "h"), "h");
  assert.deepEqual(h.inputs, [x.id, w1.id]);
  assert.ok(trace.edges.some((e) => e.from === w1.id && e.to === h.id));
  assert.equal(trace.line, lineOf("two-layer.ts", "check"));
});

test("weights a module-level training loop leaves behind carry the loop's line and variable", async () => {
  // The graph is the same in any mode; full mode would compare all 5000 of w2's elements, ~10 s of the test's time.
  const trace = await traceOf("training-loop.ts", "fast");
  const w1 = only(byLabel(trace, "w1"), "w1");
  assert.equal(w1.kind, "const");
  assert.deepEqual(w1.shape, [100, 500]);
  assert.equal(w1.line, lineOf("training-loop.ts", "step"));
  assert.equal(w1.column, columnOf("training-loop.ts", "step", "sub("));
});

test("two-layer net: values and gradients are summarised; small tensors travel whole", async () => {
  const trace = await traceOf("two-layer.ts");
  const w1 = only(byLabel(trace, "w1"), "w1");
  assert.equal(w1.value.count, 20 * 6);
  assert.equal(w1.data?.length, 20 * 6);
  assert.equal(w1.complete, true);
  assert.equal(w1.grad?.count, 20 * 6);
  const hRelu = only(byLabel(trace, "h_relu"), "h_relu");
  // clamp at 0 leaves exact zeros: the summary counts them (dead units show up here).
  assert.equal(hRelu.value.zeros, hRelu.data!.filter((v) => v === 0).length);
  assert.ok(hRelu.value.min >= 0);
});

test("the report's graph is the trace's graph, labels included", async () => {
  const { report, traces } = await runFile(fixture("two-layer.ts"), { workerPath: WORKER, mode: "full" });
  const graph = report.checks[0].graph;
  assert.deepEqual(graph.nodes.map((n) => [n.id, n.op, n.label]), traces[0].nodes.map((n) => [n.id, n.op, n.label]));
  assert.deepEqual(graph.edges, traces[0].edges);
});

test("an unrolled recurrent cell: one source line makes a node per step, each labelled", async () => {
  const trace = await traceOf("recurrent.ts");
  const line = (mark: string) => lineOf("recurrent.ts", mark);
  const tanh = trace.nodes.filter((n) => n.op === "tanh");
  assert.equal(tanh.length, 4);
  for (const n of tanh) {
    assert.equal(n.line, line("tanh"));
    // The helper's returned value is assigned to `h` at the call site.
    assert.equal(n.label, "h");
    assert.deepEqual(n.shape, [1, 2]);
  }
  const pre = trace.nodes.filter((n) => n.label === "pre");
  assert.equal(pre.length, 4);
  assert.ok(pre.every((n) => n.op === "add" && n.line === line("pre")));
  // Ops inside the helper that are not its result get no label of the caller's.
  const mms = trace.nodes.filter((n) => n.op === "mm");
  assert.equal(mms.length, 8);
  assert.ok(mms.every((n) => n.line === line("pre") && n.label === undefined));
  // Each step's tanh feeds the next step's mm: the chain is wired through time.
  for (let t = 1; t < tanh.length; t++) {
    assert.ok(trace.nodes.some((n) => n.op === "mm" && n.inputs.includes(tanh[t - 1].id)));
  }
});

test("a helper imported from another file is bundled; its ops carry the model file's calling line", async () => {
  const trace = await traceOf("imports-helper.ts");
  const line = lineOf("imports-helper.ts", "dense");
  const ops = trace.nodes.filter((n) => n.kind === "op");
  assert.deepEqual(ops.slice(0, 2).map((n) => [n.op, n.line]), [["mm", line], ["tanh", line]]);
});

test("nodes computed in manualGrads are traced, labelled, and tied to the input they answer for", async () => {
  const { report, traces } = await runFile(fixture("manual.ts"), { workerPath: WORKER });
  const [trace] = traces;
  const grad = only(trace.manualNodes.filter((n) => n.label === "grad_w"), "grad_w");
  assert.deepEqual([grad.op, grad.shape, grad.line], ["mul", [4], lineOf("manual.ts", "grad_w")]);
  assert.deepEqual(trace.manualReturned, [{ input: "w", node: grad.id }]);
  const [manual] = report.checks[0].manual;
  assert.equal(manual.ok, true);
  assert.equal(manual.line, lineOf("manual.ts", "grad_w"));
});

test("a model reached through a symlinked folder still gets its own lines", async () => {
  const link = join(mkdtempSync(join(tmpdir(), "gradlens-")), "models");
  symlinkSync(join(ROOT, "test", "fixtures"), link);
  const { traces } = await runFile(join(link, "two-layer.ts"), { workerPath: WORKER, mode: "fast" });
  assert.equal(only(byLabel(traces[0], "h"), "h").line, lineOf("two-layer.ts", "h"));
});

test("a wrong custom backward marks the op's nodes and the input it corrupts as failing", async () => {
  const { traces } = await runFile(fixture("wrong-backward.ts"), { workerPath: WORKER });
  const [trace] = traces;
  const square = only(trace.nodes.filter((n) => n.op === "Square"), "Square");
  assert.deepEqual(square.marks, ["fail"]);
  assert.equal(square.label, "z");
  assert.deepEqual(only(byLabel(trace, "w"), "w").marks, ["fail"]);
  assert.deepEqual(trace.customOps, [{ name: "Square", line: lineOf("wrong-backward.ts", "Square"), column: columnOf("wrong-backward.ts", "Square", "customOp(") }]);
  assert.ok(trace.nodes.filter((n) => n.op === "sum").every((n) => n.marks === undefined));
});

test("a manual-gradient mismatch is placed at the line of the returned gradient", async () => {
  const { report } = await runFile(fixture("manual-wrong.ts"), { workerPath: WORKER });
  const [check] = report.checks;
  const mismatch = check.diagnostics.find((d) => d.code === "manual-grad-mismatch");
  assert.equal(mismatch?.line, lineOf("manual-wrong.ts", "grad_w"));
  assert.equal(check.manual[0].line, lineOf("manual-wrong.ts", "grad_w"));
});
