// randn/rand determinism, checked against an independent implementation of the generator documented in random.ts
// (written here with BigInt arithmetic rather than Math.imul).
import { test } from "node:test";
import assert from "node:assert/strict";
import { rand, randn } from "../../../src/engine/index";

function referenceStream(seed: number): () => number {
  const M = 1n << 32n;
  let state = BigInt(seed >>> 0);
  const next = (): bigint => {
    state = (state + 0x9e3779b9n) % M;
    let z = state;
    z = ((z ^ (z >> 16n)) * 0x85ebca6bn) % M;
    z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) % M;
    return z ^ (z >> 16n);
  };
  return () => {
    const hi = next() >> 5n;
    const lo = next() >> 6n;
    return Number(hi * (1n << 26n) + lo) / 2 ** 53;
  };
}

test("rand follows the documented generator", () => {
  const u = referenceStream(42);
  assert.deepEqual(Array.from(rand([5], { seed: 42 }).data), Array.from({ length: 5 }, u));
});

test("randn is Box–Muller on the documented uniform stream", () => {
  const u = referenceStream(7);
  const expected: number[] = [];
  while (expected.length < 5) {
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const theta = 2 * Math.PI * u();
    expected.push(r * Math.cos(theta), r * Math.sin(theta));
  }
  assert.deepEqual(Array.from(randn([5], { seed: 7 }).data), expected.slice(0, 5));
});

test("the same seed gives the same values, another seed others", () => {
  assert.deepEqual(randn([3, 4], { seed: 1 }).data, randn([3, 4], { seed: 1 }).data);
  assert.notDeepEqual(randn([3, 4], { seed: 1 }).data, randn([3, 4], { seed: 2 }).data);
  assert.notDeepEqual(randn([3]).data, randn([3]).data);
});

test("randn looks standard normal", () => {
  const x = Array.from(randn([20000], { seed: 3 }).data);
  const mean = x.reduce((a, b) => a + b, 0) / x.length;
  const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / x.length;
  assert.ok(Math.abs(mean) < 0.03 && Math.abs(variance - 1) < 0.05, `mean ${mean}, variance ${variance}`);
});
