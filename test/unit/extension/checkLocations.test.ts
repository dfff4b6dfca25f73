import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkAt, checkLocations, verdictText } from "../../../src/extension/checkLocations";
import type { CheckReport, Report } from "../../../src/protocol";
import { passingCheck, SOURCE, at } from "./twoLayerRun";

const report = (check: CheckReport): Report => ({ file: "m.ts", ok: check.ok, error: null, checks: [check] });

describe("checkLocations", () => {
  it("finds each exported defineCheck at its export keyword", () => {
    assert.deepEqual(checkLocations(SOURCE), [{ name: "twoLayer", ...at("export const twoLayer") }]);
  });

  it("understands default exports, type annotations, lines split after = and indentation", () => {
    const text = [
      "const hidden = defineCheck({});",
      "  export default defineCheck({",
      "});",
      "export const typed: Check = defineCheck({});",
      "export let split =",
      "  defineCheck({});",
      "// export const commentedOut = makeSomethingElse({});",
    ].join("\r\n");
    assert.deepEqual(checkLocations(text), [
      { name: "default", line: 2, column: 3 },
      { name: "typed", line: 4, column: 1 },
      { name: "split", line: 5, column: 1 },
    ]);
  });
});

describe("checkAt", () => {
  it("picks the check the cursor is in, else the first in source order", () => {
    const locations = [{ name: "b", line: 5, column: 1 }, { name: "a", line: 20, column: 1 }];
    assert.equal(checkAt(locations, 1), "b");
    assert.equal(checkAt(locations, 19), "b");
    assert.equal(checkAt(locations, 20), "a");
    assert.equal(checkAt([], 3), undefined);
  });
});

describe("verdictText", () => {
  it("names what failed and says when the file changed since", () => {
    assert.equal(verdictText(undefined, "twoLayer", false), "not run yet");
    assert.equal(verdictText(report(passingCheck), "twoLayer", false), "✓ passed");
    assert.equal(verdictText(report(passingCheck), "twoLayer", true), "✓ passed (before your last edit)");
    assert.equal(verdictText(report(passingCheck), "added since", false), "not run yet");
    const failed = { ...passingCheck, ok: false, ops: [{ op: "Multiply", line: 3, ok: false, maxRelError: 1 }],
      inputs: [{ ...passingCheck.inputs[0], ok: false }] };
    assert.equal(verdictText(report(failed), "twoLayer", false), "✗ failed (Multiply, w1)");
  });

  it("says why a check could not run, also when the whole file could not", () => {
    const error = { ...passingCheck, ok: false, error: { code: "shape" as const, message: "mm: [2] and [3]" } };
    assert.equal(verdictText(report(error), "twoLayer", false), "could not run: shape");
    const timedOut: Report = { file: "m.ts", ok: false, error: { code: "timeout", message: "10 s" }, checks: [] };
    assert.equal(verdictText(timedOut, "twoLayer", false), "could not run: timeout");
  });
});
