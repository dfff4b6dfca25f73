// examples/two-layer.ts (two and three layers): hand-written backprop agrees with autograd, which agrees with
// numerical differentiation; the graph carries the variable names and shapes the editor shows.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkExample, checkNamed, checkVariant, lineOf, okByName, verdicts } from "./cli";

test("two-layer.ts passes: w1 and w2 by autograd and by hand", () => {
  const { status, report } = checkExample("two-layer.ts");
  assert.equal(status, 0);
  assert.deepEqual(verdicts(report), { twoLayer: true, threeLayer: true });
  const check = checkNamed(report, "twoLayer");
  assert.deepEqual(okByName(check.inputs), { w1: true, w2: true });
  assert.deepEqual(okByName(check.manual), { w1: true, w2: true });
  assert.deepEqual(check.diagnostics.filter((d) => d.severity === "error"), []);
});

test("two-layer.ts: h_relu is the [64, 100] clamp node at its own line", () => {
  const check = checkNamed(checkExample("two-layer.ts").report, "twoLayer");
  const h_relu = check.graph.nodes.find((n) => n.label === "h_relu");
  assert.ok(h_relu, "a graph node labelled h_relu");
  assert.equal(h_relu.op, "clamp");
  assert.deepEqual(h_relu.shape, [64, 100]);
  assert.equal(h_relu.line, lineOf("two-layer.ts", "const h_relu = h.clamp({ min: 0 });"));
});

test("two-layer.ts: the three-layer version passes w1, w2 and w3 by autograd and by hand", () => {
  const check = checkNamed(checkExample("two-layer.ts").report, "threeLayer");
  assert.deepEqual(okByName(check.inputs), { w1: true, w2: true, w3: true });
  assert.deepEqual(okByName(check.manual), { w1: true, w2: true, w3: true });
});

// The header's "try it": break the hand-written backward pass and gradlens says what is wrong.
function manualResultsWhenBroken(from: string, to: string) {
  const { status, report } = checkVariant("two-layer.ts", from, to, ["--check", "twoLayer"]);
  assert.equal(status, 1);
  return checkNamed(report, "twoLayer").manual;
}

test("two-layer.ts without the factor 2: both manual gradients fail with the missing-factor hint", () => {
  const manual = manualResultsWhenBroken("y_pred.sub(y).mul(2);", "y_pred.sub(y);");
  assert.deepEqual(okByName(manual), { w1: false, w2: false });
  for (const m of manual) assert.match(m.hint ?? "", /factor 2 is missing/, m.name);
});

test("two-layer.ts without the ReLU mask: w1 fails with the missing-mask hint, w2 still matches", () => {
  const manual = manualResultsWhenBroken("grad_h_relu.mul(h.ge(0));", "grad_h_relu;");
  assert.deepEqual(okByName(manual), { w1: false, w2: true });
  assert.match(manual.find((m) => m.name === "w1")?.hint ?? "", /missing ReLU mask/);
});
