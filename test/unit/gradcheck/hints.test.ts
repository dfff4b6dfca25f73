import assert from "node:assert/strict";
import { test } from "node:test";
import { recognizeMistake } from "../../../src/gradcheck/hints";

const tol = { atol: 1e-5, rtol: 1e-3 };
const none = { activations: [], unmaskedRelu: false };
const g = { values: [0.5, -1.25, 2, 0.75, -0.1, 3], shape: [2, 3] };
const times = (c: number) => ({ values: g.values.map((x) => x * c), shape: g.shape });

test("a missing factor 2 is recognised", () => {
  assert.match(recognizeMistake(times(0.5), g, none, tol)!, /factor 2 is missing/);
});

test("a sign flip is recognised", () => {
  assert.match(recognizeMistake(times(-1), g, none, tol)!, /sign is flipped/);
});

test("a transposed gradient is recognised from its shape and values", () => {
  const t = { values: [0.5, 0.75, -1.25, -0.1, 2, 3], shape: [3, 2] };
  assert.match(recognizeMistake(t, g, none, tol)!, /transpose/);
});

test("an extra sigmoid-derivative factor is recognised", () => {
  const s = [0.2, 0.5, 0.9, 0.6, 0.3, 0.7];
  const deriv = s.map((v) => v * (1 - v));
  const manual = { values: g.values.map((x, i) => x * deriv[i]), shape: g.shape };
  const ctx = { activations: [{ description: "σ'(z)", values: deriv }], unmaskedRelu: false };
  assert.match(recognizeMistake(manual, g, ctx, tol)!, /activation-derivative factor: manual = autograd · σ'\(z\)/);
});

test("a missing ReLU mask is recognised where only masked elements differ", () => {
  const masked = { values: [0.5, 0, 2, 0, -0.1, 3], shape: [2, 3] };
  const unmasked = { values: [0.5, -0.7, 2, 0.4, -0.1, 3], shape: [2, 3] };
  assert.match(recognizeMistake(unmasked, masked, none, tol)!, /missing ReLU mask/);
});

test("an unrelated difference gets no hint", () => {
  const manual = { values: [1, 2, 3, 4, 5, 6], shape: [2, 3] };
  assert.equal(recognizeMistake(manual, g, none, tol), undefined);
});
