// Hand-worked examples whose answers are known independently of the engine (CS231n's gate examples).
import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor } from "../../../src/engine/index";

const close = (actual: number, expected: number, tol = 5e-4): void =>
  assert.ok(Math.abs(actual - expected) < tol, `expected ${expected}, got ${actual}`);

test("f = (x + y)·z at (-2, 5, -4) is -12 with gradients (-4, -4, 3)", () => {
  const [x, y, z] = [-2, 5, -4].map((v) => tensor(v, { requiresGrad: true }));
  const f = x.add(y).mul(z);
  f.backward();
  assert.equal(f.item(), -12);
  assert.deepEqual([x, y, z].map((t) => t.grad!.item()), [-4, -4, 3]);
});

test("sigmoid neuron w = (2, -3, -3), x = (-1, -2) gives 0.7311 and the textbook gradients", () => {
  const w = tensor([2, -3, -3], { requiresGrad: true });
  const x = tensor([-1, -2], { requiresGrad: true });
  const out = w.slice(0, 2).mul(x).sum().add(w.slice(2, 3).sum()).sigmoid();
  out.backward();
  close(out.item(), 0.7311);
  const grads = [...(w.grad!.toArray() as number[]), ...(x.grad!.toArray() as number[])];
  [-0.197, -0.393, 0.197, 0.393, -0.590].forEach((g, i) => close(grads[i], g, 1e-3));
});
