import assert from "node:assert/strict";
import { test } from "node:test";
import { defineCheck, randn } from "../../../src/engine/index";
import { checkModel } from "../../../src/gradcheck";
import { BadMultiply, Multiply, SquareWrongAt12 } from "./fixtures";

const inputs = () => ({ a: randn([3, 4], { seed: 1 }), b: randn([3, 4], { seed: 2 }) });

test("a wrong custom backward is caught and blamed by name, with its node", () => {
  const spec = defineCheck({ inputs: inputs(), forward: ({ a, b }) => BadMultiply(a, b).tanh().sum() });
  const { report, tape } = checkModel("bad", spec, { mode: "full" });
  assert.equal(report.ok, false);
  assert.equal(report.ops.length, 1);
  assert.equal(report.ops[0].op, "BadMultiply");
  assert.equal(report.ops[0].ok, false);
  assert.match(report.ops[0].message!, /input 1/);
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

test("the fast mode's fallback names the one wrong element", () => {
  const spec = defineCheck({ inputs: { w: randn([3, 4], { seed: 5 }) }, forward: ({ w }) => SquareWrongAt12(w).sum() });
  const { report } = checkModel("one", spec, { mode: "fast" });
  assert.equal(report.mode, "fast");
  const w = report.inputs[0];
  assert.equal(w.ok, false);
  assert.deepEqual(w.worst!.index, [1, 2]);
  assert.ok(Math.abs(w.worst!.analytic - 3 * w.worst!.numeric) < 1e-6 * Math.abs(w.worst!.analytic));
  assert.equal(report.ops[0].ok, false);
  assert.match(report.ops[0].message!, /\[1,2\]/);
});

test("the mode actually used is reported and auto stays full when cheap", () => {
  const spec = defineCheck({ inputs: inputs(), forward: ({ a, b }) => a.mul(b).sum() });
  assert.equal(checkModel("m", spec, {}).report.mode, "full");
  assert.equal(checkModel("m", { ...spec, mode: "fast" }, {}).report.mode, "fast");
  assert.equal(checkModel("m", { ...spec, mode: "fast" }, { mode: "full" }).report.mode, "full");
});
