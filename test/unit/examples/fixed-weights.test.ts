// examples/fixed-weights.ts: the gradients computed on paper (-0.484, -0.396, x_i·(-0.154, -0.176)) are the
// gradients of the 1,2,3 → 2.2,1.8 → 2.98 network; a wrong forward value or a wrong number would fail them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkExample, checkNamed, okByName } from "./cli";

test("fixed-weights.ts passes with the gradients worked out by hand", () => {
  const { status, report } = checkExample("fixed-weights.ts");
  assert.equal(status, 0);
  const check = checkNamed(report, "fixedWeights");
  assert.deepEqual(okByName(check.inputs), { w1: true, w2: true });
  assert.deepEqual(okByName(check.manual), { w1: true, w2: true });
});

test("fixed-weights.ts: the graph is x·w1 → hidden [1, 2] → output [1, 1]", () => {
  const { nodes } = checkNamed(checkExample("fixed-weights.ts").report, "fixedWeights").graph;
  const shapeOf = (label: string) => nodes.find((n) => n.label === label)?.shape;
  assert.deepEqual(shapeOf("hidden"), [1, 2]);
  assert.deepEqual(shapeOf("output"), [1, 1]);
  assert.deepEqual(shapeOf("w1"), [3, 2]);
});
