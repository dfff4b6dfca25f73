import assert from "node:assert/strict";
import { test } from "node:test";
import type { Report } from "../../../src/protocol";
import { renderText } from "../../../src/gradcheck/render";

const report: Report = {
  file: "examples/mlp.ts",
  ok: false,
  error: null,
  checks: [{
    name: "twoLayer",
    ok: false,
    error: null,
    mode: "fast",
    inputs: [
      { name: "w1", shape: [3, 2], ok: true, maxAbsError: 1e-9, maxRelError: 1e-8, worst: null, checked: 0, directions: 3 },
      { name: "w2", shape: [2, 1], ok: false, maxAbsError: 0.5, maxRelError: 0.5, worst: { index: [1, 0], analytic: 1, numeric: 0.5 }, checked: 2, excluded: 1 },
    ],
    ops: [{ op: "Multiply", line: 12, ok: false, maxRelError: 1, message: "Multiply.backward: the gradient for input 1 is wrong" }],
    manual: [{ name: "w2", ok: false, maxRelError: 0.5, hint: "a factor 2 is missing" }],
    diagnostics: [{ severity: "warning", code: "kink", message: "relu at 0", line: 14 }],
    graph: { nodes: [], edges: [] },
  }],
};

test("the text report marks each input, names the worst element, the blamed op's line and the diagnostics' lines", () => {
  const text = renderText(report);
  assert.match(text, /✓ w1 \[3,2\] .*\(3 directions\)$/m);
  assert.match(text, /✗ w2 \[2,1\].*1 excluded at kinks\/ties/);
  assert.match(text, /worst at \[1,0\]: analytic 1, numeric 0\.5/);
  assert.match(text, /✗ custom op Multiply \(line 12\)/);
  assert.match(text, /hint: a factor 2 is missing/);
  assert.match(text, /warning \[kink\] \(line 14\): relu at 0/);
  assert.match(text, /✗ 0 of 1 checks passed/);
});

test("a file error is shown with its code and line", () => {
  const text = renderText({ file: "bad.ts", ok: false, error: { code: "syntax", message: "';' expected", line: 3 }, checks: [] });
  assert.match(text, /error \[syntax\] \(line 3\): ';' expected/);
});
