import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { diagnosticsFromReport } from "../../../src/extension/diagnosticsFromReport";
import type { CheckReport, Report } from "../../../src/protocol";
import { at, passingCheck, trace } from "./twoLayerRun";

const report = (...checks: CheckReport[]): Report => ({ file: "m.ts", ok: checks.every((c) => c.ok), error: null, checks });

describe("diagnosticsFromReport", () => {
  it("puts a file error at its line, and nothing else", () => {
    const r: Report = { file: "m.ts", ok: false, error: { code: "syntax", message: "m.ts:3:7: Expected \";\"", line: 3, column: 7 }, checks: [] };
    assert.deepEqual(diagnosticsFromReport(r), [{ line: 3, column: 7, severity: "error", code: "syntax", message: "m.ts:3:7: Expected \";\"" }]);
  });

  it("reports nothing for a passing check", () => {
    assert.deepEqual(diagnosticsFromReport(report(passingCheck), [trace]), []);
  });

  it("keeps the checker's lines and makes hand-written gradient mismatches errors whatever their severity", () => {
    const check: CheckReport = { ...passingCheck, ok: false, diagnostics: [
      { severity: "warning", code: "kink", message: "clamp input exactly at min 0 (3 elements)", line: 9, column: 24 },
      { severity: "warning", code: "custom-backward-mismatch", message: "Multiply: dx is wrong", line: 4 },
      { severity: "info", code: "dead-relu", message: "half the ReLUs never fire", line: 9 },
    ], ops: [{ op: "Multiply", line: 4, ok: false, maxRelError: 1 }] };
    const problems = diagnosticsFromReport(report(check), [trace]);
    assert.deepEqual(problems.map((p) => [p.line, p.severity, p.code]), [
      [9, "warning", "kink"], [4, "error", "custom-backward-mismatch"], [9, "info", "dead-relu"],
    ]);
    assert.equal(problems[0].column, 24);
    assert.match(problems[0].message, /^twoLayer: clamp input/);
  });

  it("fills in mismatches the checker left unexplained, at the op's line or the check's line", () => {
    const check: CheckReport = { ...passingCheck, ok: false,
      ops: [{ op: "Multiply", line: 4, ok: false, maxRelError: 0.5 }],
      manual: [{ name: "w2", ok: false, maxRelError: 1, worst: { index: [0, 1], manual: -2, autograd: 2 }, hint: "Sign flipped." }],
      inputs: [{ ...passingCheck.inputs[0], ok: false, maxRelError: 0.7, worst: { index: [3, 4], analytic: 0.12, numeric: 0.5 } }] };
    const problems = diagnosticsFromReport(report(check), [trace]);
    const checkLine = at("export const twoLayer").line;
    assert.deepEqual(problems.map((p) => [p.line, p.severity, p.code]), [
      [4, "error", "custom-backward-mismatch"], [checkLine, "error", "manual-grad-mismatch"], [checkLine, "error", "gradient-mismatch"],
    ]);
    assert.match(problems[0].message, /custom op Multiply \(defined here\): .*max rel\. error 0\.5/);
    assert.match(problems[1].message, /manual dL\/dw2 .* at \[0, 1\] \(manual -2, autograd 2\)\. Sign flipped\./);
    assert.match(problems[2].message, /dL\/dw1 .* at \[3, 4\] \(autograd 0\.12, numerical 0\.5\)/);
  });

  it("blames a wrong custom backward both where it was used and where it is defined", () => {
    const check: CheckReport = { ...passingCheck, ok: false,
      diagnostics: [{ severity: "error", code: "custom-backward-mismatch", message: "MultiplyGate: backward is wrong", line: 34 }],
      ops: [{ op: "MultiplyGate", line: 16, ok: false, maxRelError: 1.5 }] };
    assert.deepEqual(diagnosticsFromReport(report(check), [trace]).map((p) => [p.line, p.code]),
      [[34, "custom-backward-mismatch"], [16, "custom-backward-mismatch"]]);
  });

  it("puts a check that could not run at its error's line, else at its defineCheck line", () => {
    const broken = (line?: number): CheckReport => ({ ...passingCheck, ok: false, inputs: [],
      error: { code: "shape", message: "mm: [64, 1000] and [100, 10] do not fit", line } });
    assert.deepEqual(diagnosticsFromReport(report(broken(10)), [trace]).map((p) => p.line), [10]);
    assert.deepEqual(diagnosticsFromReport(report(broken()), [trace]).map((p) => p.line), [trace.line]);
    assert.deepEqual(diagnosticsFromReport(report(broken()), []).map((p) => p.line), [1]);
  });
});
