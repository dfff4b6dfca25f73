// examples/nan-spread.ts: the NaN is blamed on the log that made it, not on the ops that passed it on.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkExample, checkNamed, checkVariant, diagnosticLines, lineOf } from "./cli";

test("nan-spread.ts fails with a nan diagnostic at p.log() only", () => {
  const { status, report } = checkExample("nan-spread.ts");
  assert.equal(status, 1);
  const check = checkNamed(report, "nanSpread");
  assert.equal(check.ok, false);
  assert.deepEqual(diagnosticLines(check, "nan"), [lineOf("nan-spread.ts", "p.log()")]);
  assert.match(check.diagnostics.find((d) => d.code === "nan")?.message ?? "", /\blog\b/);
});

test("nan-spread.ts with the header's fix (a sigmoid on p) has no NaN and passes", () => {
  const fixed = checkVariant("nan-spread.ts", "const p = x.mm(w);", "const p = x.mm(w).sigmoid();");
  assert.equal(fixed.status, 0);
  assert.deepEqual(diagnosticLines(checkNamed(fixed.report, "nanSpread"), "nan"), []);
});
