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

test("names and messages that try to fake a line, a colour or a reversed text are printed escaped, and cut", () => {
  const fake = "\n✓ 1 of 1 checks passed";
  const hostile: Report = {
    file: "models/\u001b[2Kx.ts",
    ok: false,
    error: null,
    checks: [{
      name: `lying${fake}`,
      ok: false,
      error: { code: "runtime", message: `boom${fake}\r\u001b[32m` },
      mode: "full",
      inputs: [{ name: "w\u202e1", shape: [2], ok: false, maxAbsError: 1, maxRelError: 1, worst: null }],
      ops: [{ op: `${"Huge".repeat(25_000)}`, line: 3, ok: false, maxRelError: 1, message: `wrong${fake}` }],
      manual: [{ name: "w\u2066", ok: false, maxRelError: 1, hint: `x${fake}` }],
      diagnostics: [{ severity: "warning", code: "kink", message: `relu at 0${fake}` }],
      graph: { nodes: [], edges: [] },
    }],
  };
  const text = renderText(hostile);
  const verdicts = text.split("\n").filter((l) => /^\s*[✓✗] \d+ of \d+ checks passed/.test(l));
  assert.deepEqual(verdicts, ["✗ 0 of 1 checks passed"], "the report's own verdict is the only one");
  assert.doesNotMatch(text, /[\u001b\r\u202e\u2066]/);
  assert.match(text, /^gradlens check models\/\\x1b\[2Kx\.ts$/m);
  assert.match(text, /^✗ lying\\n✓ 1 of 1 checks passed {2}\(mode full\)$/m);
  assert.match(text, /error \[runtime\]: boom\\n✓ 1 of 1 checks passed\\r\\x1b\[32m$/m);
  assert.match(text, /✗ w\\u202e1 \[2\]/);
  assert.match(text, /✗ manual w\\u2066 .*\n {6}hint: x\\n✓ 1 of 1/);
  assert.match(text, /warning \[kink\]: relu at 0\\n✓ 1 of 1 checks passed$/m);
  const op = text.split("\n").find((l) => l.includes("custom op"))!;
  assert.match(op, /custom op (Huge){19}Hug… \(line 3\)/, "a long op name is cut to 80 characters with an ellipsis");
});

test("a file without checks keeps the lines of gradlens's example, each behind a gutter", () => {
  const text = renderText({ file: "m.ts", ok: false, error: { code: "no-checks", message: "no check, for example:\n\n  export const c = defineCheck({\n✓ 9 of 9 checks passed" }, checks: [] });
  assert.match(text, /^error \[no-checks\]: no check, for example:\n {2}│\n {2}│ {3}export const c = defineCheck\(\{\n {2}│ ✓ 9 of 9/m);
  assert.deepEqual(text.split("\n").filter((l) => /^[✓✗] \d+ of/.test(l)), ["✗ 0 of 0 checks passed"]);
});
