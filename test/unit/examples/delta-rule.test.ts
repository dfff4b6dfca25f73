// examples/delta-rule.ts: deltas computed layer by layer give every weight's and bias's gradient.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkExample, checkNamed, okByName } from "./cli";

test("delta-rule.ts passes: every layer's manual gradient matches autograd", () => {
  const { status, report } = checkExample("delta-rule.ts");
  assert.equal(status, 0);
  const check = checkNamed(report, "sigmoidNetwork");
  const all = { w1: true, b1: true, w2: true, b2: true, w3: true, b3: true };
  assert.deepEqual(okByName(check.inputs), all);
  assert.deepEqual(okByName(check.manual), all);
});
