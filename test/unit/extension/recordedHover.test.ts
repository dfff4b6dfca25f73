// Hovers and lenses on a run the real runner recorded (recorded/two-layer.json: examples/two-layer.ts as it was then,
// and runFile's result with the sampled values dropped): proves the matching works on the lines, columns and labels
// the runner really produces, not only on the hand-built fixture.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkLocations } from "../../../src/extension/checkLocations";
import { diagnosticsFromReport } from "../../../src/extension/diagnosticsFromReport";
import { hoverMarkdown } from "../../../src/extension/hoverText";
import type { RunResult } from "../../../src/protocol";
import recorded from "./recorded/two-layer.json";

const result = recorded.result as RunResult;
const lines = recorded.source.split("\n");
const meta = { stale: false, ranAt: "10:31:00" };

/** Hover over `target` (its first identifier) in the first line matching `line`. */
function hover(line: RegExp, target: string): string | undefined {
  const index = lines.findIndex((l) => line.test(l));
  assert.ok(index >= 0, `no line matches ${line}`);
  const word = /^[\w$]+/.exec(target)![0];
  return hoverMarkdown(result, { line: index + 1, column: lines[index].indexOf(target) + 1, word }, meta);
}

describe("hovers on a recorded run of examples/two-layer.ts", () => {
  it("h_relu where it is declared and where it is used", () => {
    assert.match(hover(/const h_relu = h\.clamp/, "h_relu") ?? "", /^\*\*`h_relu`\*\* `\[64, 100\]` float64/);
    assert.match(hover(/const y_pred = h_relu\.mm\(w2\)/, "h_relu") ?? "", /`h_relu`\*\* `\[64, 100\]`[\s\S]*gradient: /);
  });

  it("the mm that makes grad_w2, and grad_w2 against autograd", () => {
    assert.match(hover(/const grad_w2 = h_relu\.t\(\)\.mm/, "mm(grad_y_pred)") ?? "", /`\[100, 64\] · \[64, 10\] → \[100, 10\]`/);
    assert.match(hover(/const grad_w2 = /, "grad_w2") ?? "", /✓ `grad_w2` `\[100, 10\]` — matches dL\/dw2, max rel\. error/);
  });

  it("an input's numerical verdict, and nothing on words that made no tensor", () => {
    assert.match(hover(/inputs: \{ w1: randn\(\[D_in, H\]/, "w1") ?? "", /✓ dL\/dw1: autograd matches numerical/);
    assert.equal(hover(/^import/, "defineCheck"), undefined);
    assert.equal(hover(/const N = 64/, "N"), undefined);
  });

  it("puts a CodeLens on each check the run reported, and no problem on a passing run", () => {
    assert.deepEqual(checkLocations(recorded.source).map((c) => c.name).sort(), result.report.checks.map((c) => c.name).sort());
    assert.deepEqual(diagnosticsFromReport(result.report, result.traces), []);
  });
});
