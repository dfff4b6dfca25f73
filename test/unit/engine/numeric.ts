// Test helper: compares the engine's backward with float64 central differences.
import assert from "node:assert/strict";
import { Tensor, noGrad, randn } from "../../../src/engine/index";

let seed = 1000;
/** A fresh float64 leaf with normal values; each call a different deterministic seed. */
export function leaf(shape: number[]): Tensor {
  return randn(shape, { seed: seed++, requiresGrad: true });
}

/**
 * L = Σ f(inputs) ⊙ R with fixed random R (so every output element's gradient differs); checks dL/dinput from
 * backward against (L(x + eps) − L(x − eps)) / 2eps for every element of every input.
 */
export function assertGradsMatch(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], tol = 1e-6, eps = 1e-6): void {
  assert.ok(inputs.every((x) => x.grad === null), "pass fresh leaves: a leaf's grad accumulates across calls");
  const out = f(...inputs);
  const weights = randn([...out.shape], { seed: seed++ });
  const loss = (): number => noGrad(() => f(...inputs).mul(weights).sum().item());
  out.mul(weights).sum().backward();
  inputs.forEach((x, k) => {
    assert.ok(x.grad, `input ${k} got no gradient`);
    assert.deepEqual(x.grad.shape, x.shape, `input ${k}: gradient shape`);
    const data = x.data;
    for (let i = 0; i < x.size; i++) {
      const keep = data[i];
      data[i] = keep + eps;
      const up = loss();
      data[i] = keep - eps;
      const down = loss();
      data[i] = keep;
      const numeric = (up - down) / (2 * eps);
      const analytic = x.grad.data[i];
      const err = Math.abs(numeric - analytic) / Math.max(1, Math.abs(numeric));
      assert.ok(err < tol, `input ${k} element ${i}: backward gives ${analytic}, central differences ${numeric}`);
    }
  });
}
