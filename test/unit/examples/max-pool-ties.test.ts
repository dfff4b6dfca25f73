// examples/max-pool-ties.ts: ties send the gradient to the first maximal element and are explained, not failed.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkExample, checkNamed, diagnosticLines, lineOf, verdicts } from "./cli";

test("max-pool-ties.ts passes: the first maximal element gets the whole gradient", () => {
  const { status, report } = checkExample("max-pool-ties.ts");
  assert.equal(status, 0);
  assert.deepEqual(verdicts(report), { pooling: true, rowMax: true });
  assert.deepEqual(checkNamed(report, "pooling").manual.map((m) => [m.name, m.ok]), [["x", true]]);
  assert.deepEqual(checkNamed(report, "rowMax").manual.map((m) => [m.name, m.ok]), [["scores", true]]);
});

test("max-pool-ties.ts: a tie diagnostic at the maxPool2d line and at the max line", () => {
  const { report } = checkExample("max-pool-ties.ts");
  assert.deepEqual(diagnosticLines(checkNamed(report, "pooling"), "tie"), [lineOf("max-pool-ties.ts", "maxPool2d(x, 2)")]);
  assert.deepEqual(diagnosticLines(checkNamed(report, "rowMax"), "tie"), [lineOf("max-pool-ties.ts", "scores.max(1)")]);
});
