import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkLocations, verdictText } from "../../../src/extension/checkLocations";
import { passingCheck, SOURCE, at } from "./twoLayerRun";

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

describe("verdictText", () => {
  it("names what failed and says when the file changed since", () => {
    assert.equal(verdictText(undefined, false), "not run yet");
    assert.equal(verdictText(passingCheck, false), "✓ passed");
    assert.equal(verdictText(passingCheck, true), "✓ passed (before your last edit)");
    const failed = { ...passingCheck, ok: false, ops: [{ op: "Multiply", line: 3, ok: false, maxRelError: 1 }],
      inputs: [{ ...passingCheck.inputs[0], ok: false }] };
    assert.equal(verdictText(failed, false), "✗ failed (Multiply, w1)");
    const error = { ...passingCheck, ok: false, error: { code: "timeout" as const, message: "10 s" } };
    assert.equal(verdictText(error, false), "could not run: timeout");
  });
});
