import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { distinctShapes, num, shapeText } from "../../../src/extension/format";

describe("format", () => {
  it("writes shapes as everywhere in gradlens", () => {
    assert.equal(shapeText([64, 100]), "[64, 100]");
    assert.equal(shapeText([]), "[]");
  });

  it("keeps numbers short and errors readable", () => {
    assert.deepEqual([2.2e-16, 1e-9, 0.12345, -3, 0, 123456, NaN, -Infinity].map(num),
      ["2.2e-16", "1e-9", "0.123", "-3", "0", "1.2e5", "NaN", "-Inf"]);
  });

  it("groups the shapes of a loop, most common first", () => {
    assert.equal(distinctShapes([[1, 21], [1, 20], [1, 20]]), "[1, 20] ×2, [1, 21]");
  });
});
