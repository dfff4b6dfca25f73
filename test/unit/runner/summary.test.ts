import assert from "node:assert/strict";
import { test } from "node:test";
import { SAMPLE, WHOLE_LIMIT, sample, summarize } from "../../../src/runner/summary";

test("NaN and Inf are counted apart; the statistics cover the finite elements", () => {
  const s = summarize(new Float64Array([1, NaN, 3, Infinity, -Infinity, 0]));
  assert.deepEqual([s.count, s.nan, s.inf, s.zeros], [6, 1, 2, 1]);
  assert.deepEqual([s.min, s.max], [0, 3]);
  assert.equal(s.mean, 4 / 3);
  const variance = ((1 - 4 / 3) ** 2 + (3 - 4 / 3) ** 2 + (0 - 4 / 3) ** 2) / 3;
  assert.ok(Math.abs(s.std - Math.sqrt(variance)) < 1e-12);
});

test("a tensor with no finite element has NaN statistics, not ±Infinity", () => {
  const s = summarize(new Float64Array([NaN, NaN]));
  assert.ok(Number.isNaN(s.min) && Number.isNaN(s.max) && Number.isNaN(s.mean));
});

test("small tensors travel whole; big ones as a bounded sample", () => {
  const small = sample(new Float64Array(WHOLE_LIMIT).fill(2));
  assert.deepEqual([small.values.length, small.complete], [WHOLE_LIMIT, true]);
  const big = sample(Float64Array.from({ length: WHOLE_LIMIT + 1 }, (_, i) => i));
  assert.deepEqual([big.values.length, big.complete, big.values[SAMPLE - 1]], [SAMPLE, false, SAMPLE - 1]);
});
