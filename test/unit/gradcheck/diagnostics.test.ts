import assert from "node:assert/strict";
import { test } from "node:test";
import { type Tensor, defineCheck, rand, randn, tensor } from "../../../src/engine/index";
import { checkModel } from "../../../src/gradcheck";
import type { DiagnosticCode } from "../../../src/protocol";
import { twoLayer } from "./fixtures";

const codes = (r: { diagnostics: { code: DiagnosticCode }[] }) => r.diagnostics.map((d) => d.code);

test("a right model gets no diagnostics at all", () => {
  const { report } = checkModel("twoLayer", twoLayer, { mode: "full" });
  assert.equal(report.ok, true);
  assert.deepEqual(report.diagnostics, []);
});

test("nan names the op that produced it, not the ones that passed it on", () => {
  const spec = defineCheck({ inputs: { w: tensor([1, -2, 3]) }, forward: ({ w }) => w.mul(2).log().exp().sum() });
  const { report, tape } = checkModel("nan", spec, { mode: "full" });
  const d = report.diagnostics.find((d) => d.code === "nan")!;
  assert.equal(tape.nodes[d.node!].op, "log");
  assert.equal(d.severity, "error");
  assert.equal(report.ok, false);
});

test("inf names the op that produced it", () => {
  const spec = defineCheck({ inputs: { w: tensor([1, 0, 3]) }, forward: ({ w }) => w.log().mul(-1).exp().sum() });
  const { report, tape } = checkModel("inf", spec, { mode: "full" });
  const d = report.diagnostics.find((d) => d.code === "inf")!;
  assert.equal(tape.nodes[d.node!].op, "log");
});

test("dead-relu: a unit zero across the whole batch", () => {
  const x = rand([32, 3], { seed: 1 });
  // Unit 1's weights are all negative and x is positive: x·w[:,1] < 0 on every row.
  const spec = defineCheck({
    inputs: { w: tensor([[0.5, -1, 0.2], [0.3, -0.5, 0.1], [0.7, -2, 0.4]]) },
    forward: ({ w }) => x.mm(w).relu().sum(),
  });
  const { report, tape } = checkModel("dead", spec, { mode: "full" });
  const d = report.diagnostics.find((d) => d.code === "dead-relu")!;
  assert.equal(tape.nodes[d.node!].op, "relu");
  assert.match(d.message, /^1 of 3 units/);
});

/** A chain of four linear layers whose weights are all scaled by `scale`. */
function chain(scale: number) {
  const ws = Object.fromEntries([1, 2, 3, 4].map((i) => [`w${i}`, randn([6, 6], { seed: i }).mul(scale)]));
  const x = randn([8, 6], { seed: 9 });
  return defineCheck({
    inputs: ws,
    forward: (w: Record<string, Tensor>) => x.mm(w.w1).mm(w.w2).mm(w.w3).mm(w.w4).sum(),
  });
}

test("vanishing-grad: small weights shrink the gradient 10⁴-fold toward the first layer", () => {
  const { report, tape } = checkModel("vanish", chain(0.01), { mode: "full", atol: 1e-12 });
  const d = report.diagnostics.find((d) => d.code === "vanishing-grad")!;
  assert.ok(d, JSON.stringify(codes(report)));
  assert.equal(tape.nodes[d.node!].op, "mm");
  assert.ok(!codes(report).includes("exploding-grad"));
});

test("exploding-grad: large weights grow it 10⁴-fold", () => {
  const { report } = checkModel("explode", chain(100), { mode: "full" });
  assert.ok(codes(report).includes("exploding-grad"), JSON.stringify(codes(report)));
  assert.ok(!codes(report).includes("vanishing-grad"));
});

test("vanishing-grad without layers compares the inputs in the order the forward reads them", () => {
  const spec = defineCheck({
    inputs: { late: randn([4], { seed: 1 }), early: randn([4], { seed: 2 }) },
    forward: ({ late, early }) => early.mul(1e-6).add(late).sum(),
  });
  const { report, tape } = checkModel("inputs", spec, { mode: "full" });
  const d = report.diagnostics.find((d) => d.code === "vanishing-grad")!;
  assert.equal(tape.nodes[d.node!].attrs.name, "early");
  assert.match(d.message, /at early vs .* at late \(inputs\)/);
});

test("unused-input: no path to the output", () => {
  const spec = defineCheck({
    inputs: { w: randn([3], { seed: 1 }), bias: randn([3], { seed: 2 }) },
    forward: ({ w }) => w.mul(w).sum(),
  });
  const { report, tape } = checkModel("unused", spec, { mode: "full" });
  const d = report.diagnostics.find((d) => d.code === "unused-input")!;
  assert.match(d.message, /^bias has no path/);
  assert.equal(tape.nodes[d.node!].kind, "input");
  assert.equal(report.ok, true);
});

test("float32-precision: a float32 model is checked in float64 and told so", () => {
  const spec = defineCheck({
    inputs: { w: randn([4, 3], { seed: 1, dtype: "float32" }) },
    forward: ({ w }) => w.tanh().sum(),
  });
  const { report } = checkModel("f32", spec, { mode: "full" });
  assert.equal(report.ok, true, "checked in float64, so the default tolerances hold");
  assert.deepEqual(codes(report), ["float32-precision"]);
  assert.match(report.diagnostics[0].message, /eps ≈ 1e-3/);
});

test("a check whose inputs have no elements, or that has none, says it compared nothing", () => {
  const empty = checkModel("empty", defineCheck({ inputs: { w: randn([0, 3]) }, forward: ({ w }) => w.sum() })).report;
  assert.deepEqual(codes(empty), ["nothing-checked"]);
  assert.match(empty.diagnostics[0].message, /check empty compared nothing: its inputs have no elements \(w \[0, 3\]\)/);
  const none = checkModel("none", defineCheck({ inputs: {}, forward: () => tensor([1, 2]).sum() })).report;
  assert.deepEqual(codes(none), ["nothing-checked"]);
  assert.match(none.diagnostics[0].message, /inputs: \{\}/);
  // One input with elements beside an empty one: something was compared.
  const some = checkModel("some", defineCheck({
    inputs: { w: randn([0, 3]), v: randn([2], { seed: 1 }) }, forward: ({ w, v }) => w.sum().add(v.pow(2).sum()),
  })).report;
  assert.ok(!codes(some).includes("nothing-checked"));
});

test("a manualGrads key that is not an input is named, not silently dropped", () => {
  const { report } = checkModel("typo", defineCheck({
    inputs: { w: randn([3], { seed: 2 }) },
    forward: ({ w }) => w.pow(2).sum(),
    manualGrads: ({ w }: { w: Tensor }) => ({ w: w.mul(2), W2: w }),
  }));
  assert.equal(report.ok, true);
  const d = report.diagnostics.find((x) => x.code === "unknown-manual-grad");
  assert.equal(d?.severity, "warning");
  assert.match(d?.message ?? "", /manualGrads returned W2, which is not an input of check typo \(its inputs: w\)/);
});
