// Every example in fast mode gives the verdicts it gives in auto mode, and the sharper judgement of directions
// (precise-mismatch) never fires on them: their wrong gradients are wrong by far more than the tolerance, and their
// right ones are right.
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { checkExample, root, verdicts } from "./cli";

const examples = readdirSync(join(root, "examples")).filter((f) => f.endsWith(".ts"));

for (const file of examples) {
  test(`${file}: fast mode agrees with auto mode, with no precise mismatch in either`, () => {
    const fast = checkExample(file, "fast").report;
    const auto = checkExample(file, "auto").report;
    assert.deepEqual(verdicts(fast), verdicts(auto));
    for (const report of [fast, auto]) {
      const precise = report.checks.flatMap((c) => c.diagnostics.filter((d) => d.code === "precise-mismatch"));
      assert.deepEqual(precise, []);
    }
  });
}
