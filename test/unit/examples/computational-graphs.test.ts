// examples/computational-graphs.ts: the lecture's numbers, worked out by hand, agree with autograd;
// examples/wrong-backward.ts: a custom backward that forgets to swap is blamed by name and line.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkExample, checkNamed, checkVariant, diagnosticLines, lineOf, okByName, verdicts } from "./cli";

test("computational-graphs.ts passes every lecture graph with the hand-derived gradients", () => {
  const { status, report } = checkExample("computational-graphs.ts");
  assert.equal(status, 0);
  assert.deepEqual(verdicts(report), {
    sumTimesZ: true, sigmoidNeuron: true, sigmoidNeuronOneOp: true, gates: true, twoBranches: true, multiplyGate: true,
  });
  // Manual gradients were compared, not skipped: one result per input.
  assert.deepEqual(okByName(checkNamed(report, "gates").manual), { x: true, y: true, z: true, w: true });
  assert.deepEqual(okByName(checkNamed(report, "twoBranches").manual), { x: true, y: true });
});

test("computational-graphs.ts: the correct MultiplyGate is checked locally and passes", () => {
  const check = checkNamed(checkExample("computational-graphs.ts").report, "multiplyGate");
  assert.deepEqual(
    check.ops.map((o) => ({ op: o.op, ok: o.ok, line: o.line })),
    [{ op: "MultiplyGate", ok: true, line: lineOf("computational-graphs.ts", "const MultiplyGate = customOp(") }],
  );
  assert.ok(check.graph.nodes.some((n) => n.op === "MultiplyGate"), "the custom op is a node of the graph");
});

test("wrong-backward.ts fails and blames MultiplyGate at its definition and at its use", () => {
  const { status, report } = checkExample("wrong-backward.ts");
  assert.equal(status, 1);
  const check = checkNamed(report, "wrongGate");
  assert.equal(check.ok, false);
  const definedAt = lineOf("wrong-backward.ts", "const MultiplyGate = customOp(");
  assert.deepEqual(
    check.ops.map((o) => ({ op: o.op, ok: o.ok, line: o.line })),
    [{ op: "MultiplyGate", ok: false, line: definedAt }],
  );
  // the diagnostic points at the use whose values exposed the mistake
  const usedAt = lineOf("wrong-backward.ts", "MultiplyGate(a, b)");
  assert.deepEqual(diagnosticLines(check, "custom-backward-mismatch"), [usedAt]);
  assert.deepEqual(okByName(check.inputs), { a: false, b: false });
});

test("wrong-backward.ts with the header's fix (swap the gradients) passes", () => {
  const fixed = checkVariant("wrong-backward.ts", "return [x.mul(dz), y.mul(dz)];", "return [y.mul(dz), x.mul(dz)];");
  assert.equal(fixed.status, 0);
  assert.deepEqual(checkNamed(fixed.report, "wrongGate").ops.map((o) => [o.op, o.ok]), [["MultiplyGate", true]]);
});
