// examples/output-delta.ts: a − y goes with cross-entropy, (a − y)·σ′(z) with squared error, and the mix-up
// is caught with a hint about the extra activation-derivative factor.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkExample, checkNamed, lineOf, verdicts } from "./cli";

test("output-delta.ts: the right deltas pass, the mixed-up one fails", () => {
  const { status, report } = checkExample("output-delta.ts");
  assert.equal(status, 1);
  assert.deepEqual(verdicts(report), { crossEntropyDelta: true, squaredErrorDelta: true, wrongDelta: false });
});

test("output-delta.ts: wrongDelta is a manual-gradient mismatch on z, hinting at the extra σ′ factor", () => {
  const check = checkNamed(checkExample("output-delta.ts").report, "wrongDelta");
  // autograd itself is right: only the hand-written delta is wrong
  assert.deepEqual(check.inputs.map((i) => [i.name, i.ok]), [["z", true]]);
  const [manual] = check.manual;
  assert.equal(manual.name, "z");
  assert.equal(manual.ok, false);
  assert.match(manual.hint ?? "", /activation[- ]derivative/i);
  assert.equal(check.diagnostics.filter((d) => d.code === "manual-grad-mismatch").length, 1);
});

test("output-delta.ts: the mismatch points at the line of the wrong delta formula", () => {
  const check = checkNamed(checkExample("output-delta.ts").report, "wrongDelta");
  assert.equal(check.manual[0].line, lineOf("output-delta.ts", "export const wrongDelta"));
});

test("output-delta.ts: the manual-grad-mismatch diagnostic carries that line too", () => {
  const check = checkNamed(checkExample("output-delta.ts").report, "wrongDelta");
  const mismatch = check.diagnostics.find((d) => d.code === "manual-grad-mismatch");
  assert.equal(mismatch?.line, lineOf("output-delta.ts", "export const wrongDelta"));
});
