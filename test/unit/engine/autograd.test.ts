// The backward walker's behaviour: accumulation, retained and freed graphs, noGrad, detach, dtypes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { customOp, noGrad, tensor, type Tensor } from "../../../src/engine/index";

const values = (t: Tensor | null): number[] => Array.from(t!.data);

test("a value used on two branches gets the sum of both gradients", () => {
  const x = tensor([1.5, -2], { requiresGrad: true });
  x.mul(x).add(x.mul(3)).sum().backward(); // d/dx (x² + 3x) = 2x + 3
  assert.deepEqual(values(x.grad), [6, -1]);
});

test("backward twice through a retained graph accumulates, as PyTorch", () => {
  const x = tensor([2, 3], { requiresGrad: true });
  const y = x.mul(x).sum();
  y.backward(undefined, { retainGraph: true });
  y.backward();
  assert.deepEqual(values(x.grad), [8, 12]);
});

test("two forward passes accumulate into the leaf's grad", () => {
  const x = tensor([2, 3], { requiresGrad: true });
  x.mul(5).sum().backward();
  x.mul(5).sum().backward();
  assert.deepEqual(values(x.grad), [10, 10]);
});

test("backward through a freed graph says so", () => {
  const x = tensor([2], { requiresGrad: true });
  const y = x.exp().sum();
  y.backward();
  assert.throws(() => y.backward(), /freed by an earlier backward\(\).*retainGraph: true/);
});

test("an explicit gradient seeds a non-scalar output; its shape is checked", () => {
  const x = tensor([1, 2, 3], { requiresGrad: true });
  const y = x.mul(2);
  y.backward(tensor([1, 0, -1]));
  assert.deepEqual(values(x.grad), [2, 0, -2]);
  assert.throws(() => x.mul(2).backward(), /shape \[3\].*must be a scalar/);
  assert.throws(() => x.mul(2).backward(tensor([1, 2])), /gradient has shape \[2\] but the output has shape \[3\]/);
});

test("only leaves keep .grad unless retainGrad() asks", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const h = x.mul(3);
  const kept = x.mul(4).retainGrad();
  h.add(kept).sum().backward();
  assert.equal(h.grad, null);
  assert.deepEqual(values(kept.grad), [1, 1]);
});

test("noGrad and detach cut the graph", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  assert.equal(noGrad(() => x.mul(2)).requiresGrad, false);
  const d = x.detach();
  assert.equal(d.requiresGrad, false);
  assert.throws(() => d.sum().backward(), /does not require grad/);
  x.mul(x.detach()).sum().backward(); // the detached factor is a constant: d/dx = x
  assert.deepEqual(values(x.grad), [1, 2]);
});

test("comparisons give 0/1 and no gradient", () => {
  const x = tensor([-1, 0, 2], { requiresGrad: true });
  const m = x.gt(0);
  assert.deepEqual(values(m), [0, 0, 1]);
  assert.equal(m.requiresGrad, false);
  assert.deepEqual(values(x.le(tensor([[0], [-1]]))), [1, 1, 0, 1, 0, 0]);
});

test("a deep chain backpropagates without recursion limits", () => {
  const x = tensor(1, { requiresGrad: true });
  let y = x;
  for (let i = 0; i < 20000; i++) y = y.mul(1);
  y.backward();
  assert.equal(x.grad!.item(), 1);
});

test("float32 stays float32, mixed dtypes promote to float64, grads take the input's dtype", () => {
  const a = tensor([1, 2], { dtype: "float32", requiresGrad: true });
  const b = tensor([3, 4], { requiresGrad: true });
  assert.equal(a.mul(2).dtype, "float32");
  const product = a.reshape([1, 2]).mm(tensor([[0.1], [0.2]], { dtype: "float32" }));
  assert.equal(product.dtype, "float32");
  assert.equal(product.item(), Math.fround(Math.fround(0.1) + 2 * Math.fround(0.2)));
  const mixed = a.mul(b);
  assert.equal(mixed.dtype, "float64");
  mixed.sum().backward();
  assert.equal(a.grad!.dtype, "float32");
  assert.equal(b.grad!.dtype, "float64");
  assert.deepEqual(values(a.grad), [3, 4]);
  assert.equal(tensor(0.1, { dtype: "float32" }).item(), Math.fround(0.1));
});

test("a custom op's hand-written backward drives the gradient", () => {
  const Multiply = customOp({
    name: "Multiply",
    forward(ctx, x: Tensor, y: Tensor) { ctx.saveForBackward(x, y); return x.mul(y); },
    backward(ctx, dz: Tensor) { const [x, y] = ctx.saved; return [y.mul(dz), x.mul(dz)]; },
  });
  const a = tensor([2, 3], { requiresGrad: true });
  const b = tensor([5, 7], { requiresGrad: true });
  Multiply(a, b).sum().backward();
  assert.deepEqual(values(a.grad), [5, 7]);
  assert.deepEqual(values(b.grad), [2, 3]);
});

test("a one-input custom op may return a lone tensor; null means no gradient", () => {
  const Twice = customOp({ name: "Twice", forward: (_ctx, x: Tensor) => x.mul(2), backward: (_ctx, g) => g.mul(2) });
  const Stop = customOp({ name: "Stop", forward: (_ctx, x: Tensor, k: number) => x.mul(k), backward: () => null });
  const x = tensor([1, 2], { requiresGrad: true });
  Twice(x).add(Stop(x, 3)).sum().backward();
  assert.deepEqual(values(x.grad), [2, 2]);
});

test("a .grad never aliases a user's tensor: the seed and custom gradients are copied", () => {
  const Leak = customOp({
    name: "Leak",
    forward(ctx, x: Tensor) { ctx.saveForBackward(x); return x.mul(1); },
    backward(ctx) { return ctx.saved[0]; },
  });
  const x = tensor([1, 2], { requiresGrad: true });
  Leak(x).sum().backward();
  const seed = tensor([5, 6]);
  const y = tensor([0, 0], { requiresGrad: true });
  y.add(0).backward(seed);
  x.data[0] = 100; // gradcheck perturbs inputs in place like this
  seed.data[0] = 100;
  assert.deepEqual(values(x.grad), [1, 2]);
  assert.deepEqual(values(y.grad), [5, 6]);
});
