import assert from "node:assert/strict";
import { test } from "node:test";
import { type Tensor, customOp, defineCheck, randn } from "../../../src/engine/index";
import { checkModel } from "../../../src/gradcheck";
import { BadMultiply, Multiply, squareWrongAt } from "./fixtures";

const inputs = () => ({ a: randn([3, 4], { seed: 1 }), b: randn([3, 4], { seed: 2 }) });

test("a wrong custom backward is caught and blamed by name, with its node", () => {
  const spec = defineCheck({ inputs: inputs(), forward: ({ a, b }) => BadMultiply(a, b).tanh().sum() });
  const { report, tape } = checkModel("bad", spec, { mode: "full" });
  assert.equal(report.ok, false);
  assert.equal(report.ops.length, 1);
  assert.equal(report.ops[0].op, "BadMultiply");
  assert.equal(report.ops[0].ok, false);
  // Named by its forward parameter as it runs: this test bundle renames y (the runner restores it, see runner tests).
  assert.match(report.ops[0].message!, /the gradient for input 1 \(y\d*\) is wrong/);
  assert.doesNotMatch(report.ops[0].message!, /input 0/, "the right gradient is not blamed");
  const d = report.diagnostics.find((d) => d.code === "custom-backward-mismatch");
  assert.ok(d, "a custom-backward-mismatch diagnostic");
  assert.equal(tape.nodes[d.node!].op, "BadMultiply");
  assert.equal(report.inputs.find((r) => r.name === "b")!.ok, false);
});

for (const mode of ["full", "fast", "auto"] as const) {
  test(`a right custom backward passes in ${mode} mode`, () => {
    const spec = defineCheck({ inputs: inputs(), forward: ({ a, b }) => Multiply(a, b).tanh().sum() });
    const { report } = checkModel("good", spec, { mode });
    assert.equal(report.ok, true, JSON.stringify(report.inputs));
    assert.deepEqual(report.ops.map((o) => [o.op, o.ok]), [["Multiply", true]]);
    assert.equal(report.diagnostics.length, 0);
  });
}

for (const [shape, wrong, index] of [[[3, 4], 6, [1, 2]], [[50, 100], 3742, [37, 42]]] as const) {
  test(`the fast mode's fallback names the one wrong element of a [${shape}] input`, () => {
    const spec = defineCheck({ inputs: { w: randn([...shape], { seed: 5 }) }, forward: ({ w }) => squareWrongAt(wrong)(w).sum() });
    const { report } = checkModel("one", spec, { mode: "fast" });
    assert.equal(report.mode, "fast");
    const w = report.inputs[0];
    assert.equal(w.ok, false);
    assert.deepEqual(w.worst!.index, index);
    assert.ok(Math.abs(w.worst!.analytic - 3 * w.worst!.numeric) < 1e-6 * Math.abs(w.worst!.analytic));
    assert.equal(report.ops[0].ok, false);
  });
}

test("the mode actually used is reported and auto stays full when cheap", () => {
  const spec = defineCheck({ inputs: inputs(), forward: ({ a, b }) => a.mul(b).sum() });
  assert.equal(checkModel("m", spec, {}).report.mode, "full");
  const fast = checkModel("m", { ...spec, mode: "fast" }, {}).report;
  assert.equal(fast.mode, "fast");
  assert.deepEqual(fast.inputs.map((r) => [r.directions, r.checked]), [[3, 0], [3, 0]]);
  assert.equal(checkModel("m", spec, {}).report.inputs[0].directions, undefined);
  assert.equal(checkModel("m", { ...spec, mode: "fast" }, { mode: "full" }).report.mode, "full");
});

test("a forward or manualGrads that returns no tensor is an error naming the check and what came back", () => {
  const noTensor = defineCheck({ inputs: inputs(), forward: (() => 3) as never });
  assert.throws(() => checkModel("noTensor", noTensor), /check noTensor: forward must return a Tensor.*got number/);
  const badManual = defineCheck({ inputs: inputs(), forward: ({ a }) => a.sum(), manualGrads: (() => ({ a: [1, 2] })) as never });
  assert.throws(() => checkModel("badManual", badManual), /manualGrads returned an array for a; expected a Tensor/);
});

test("a custom backward may return a broadcast-shaped gradient, summed down as the backward walker does", () => {
  const AddBias = customOp({
    name: "AddBias",
    forward(_ctx, x: Tensor, b: Tensor) {
      return x.add(b);
    },
    backward(_ctx, dz: Tensor) {
      return [dz, dz];
    },
  });
  const spec = defineCheck({
    inputs: { x: randn([4, 3], { seed: 1 }), b: randn([3], { seed: 2 }) },
    forward: ({ x, b }) => AddBias(x, b).tanh().sum(),
  });
  const { report } = checkModel("bias", spec, { mode: "full" });
  assert.deepEqual(report.ops.map((o) => [o.op, o.ok]), [["AddBias", true]]);
  assert.equal(report.ok, true);
});
