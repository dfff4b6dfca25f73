import assert from "node:assert/strict";
import { test } from "node:test";
import { sampleElements, unitDirection } from "../../../src/gradcheck/directions";

test("a direction is a seeded unit vector", () => {
  const u = unitDirection(50, 7);
  assert.ok(Math.abs(u.reduce((s, x) => s + x * x, 0) - 1) < 1e-12);
  assert.deepEqual(unitDirection(50, 7), u);
  assert.notDeepEqual(unitDirection(50, 8), u);
});

test("a sample holds the largest gradients and distinct random others, the same for the same seed", () => {
  const g = Array.from({ length: 1000 }, (_, i) => (i === 123 ? -50 : i === 777 ? 40 : Math.sin(i)));
  const s = sampleElements(g, 8, 3);
  assert.equal(new Set(s).size, 8);
  assert.ok(s.includes(123) && s.includes(777));
  assert.deepEqual(sampleElements(g, 8, 3), s);
  assert.deepEqual(sampleElements([1, 2, 3], 8, 3), [0, 1, 2]);
});
