// examples/relu-vs-clamp.ts: at a pre-activation of exactly 0, relu passes 0 and clamp passes 1; the check
// explains the kink instead of failing on it.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkExample, checkNamed, diagnosticLines, lineOf, verdicts } from "./cli";

test("relu-vs-clamp.ts passes both checks, each manual convention included", () => {
  const { status, report } = checkExample("relu-vs-clamp.ts");
  assert.equal(status, 0);
  assert.deepEqual(verdicts(report), { withRelu: true, withClamp: true });
  for (const name of ["withRelu", "withClamp"]) {
    assert.deepEqual(checkNamed(report, name).manual.map((m) => [m.name, m.ok]), [["w", true]], name);
  }
});

test("relu-vs-clamp.ts: a kink diagnostic at the relu line and at the clamp line", () => {
  const { report } = checkExample("relu-vs-clamp.ts");
  assert.deepEqual(diagnosticLines(checkNamed(report, "withRelu"), "kink"), [lineOf("relu-vs-clamp.ts", "h.relu()")]);
  assert.deepEqual(diagnosticLines(checkNamed(report, "withClamp"), "kink"), [lineOf("relu-vs-clamp.ts", "h.clamp(")]);
});
