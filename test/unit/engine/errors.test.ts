// Error messages a user can act on: they name the op, the shapes or the argument.
import { test } from "node:test";
import assert from "node:assert/strict";
import { conv2d, customOp, defineCheck, maxPool2d, ones, randn, stack, tensor, zeros, type Tensor } from "../../../src/engine/index";
import { ArgumentError, MemoryBudgetError, ShapeError, memoryUsage, resetMemoryUsage, setMemoryBudget } from "../../../src/engine/internal";

test("mm names both shapes and the inner sizes", () => {
  assert.throws(() => zeros([64, 1000]).mm(zeros([100, 1000])), {
    name: "ShapeError",
    message: "mm: cannot multiply [64, 1000] by [100, 1000]: inner sizes 1000 and 100 differ",
  });
  assert.throws(() => zeros([3]).mm(zeros([3, 2])), /mm: expects two 2-D tensors, got \[3\] and \[3, 2\]/);
  assert.throws(() => zeros([2, 3, 4]).matmul(zeros([5, 4, 2])), /matmul: cannot broadcast the batch dims of \[2, 3, 4\] and \[5, 4, 2\]/);
});

test("broadcasting errors name the op and both shapes", () => {
  const err = (() => { try { zeros([2, 3]).add(zeros([4])); } catch (e) { return e as ShapeError; } })();
  assert.ok(err instanceof ShapeError);
  assert.equal(err.code, "shape");
  assert.match(err.message, /^add: cannot broadcast \[2, 3\] with \[4\]/);
});

test("shape errors of the other ops", () => {
  assert.throws(() => zeros([2, 3]).reshape([4, 2]), /reshape: cannot reshape \[2, 3\] \(6 elements\) to \[4, 2\]/);
  assert.throws(() => stack([zeros([2]), zeros([3])]), /stack: tensors\[1\] has shape \[3\] but tensors\[0\] has \[2\]/);
  assert.throws(() => conv2d(zeros([1, 3, 5, 5]), zeros([2, 4, 3, 3])), /conv2d: x \[1, 3, 5, 5\] has 3 channels but w \[2, 4, 3, 3\] expects 4/);
  assert.throws(() => maxPool2d(zeros([3, 4]), 2), /maxPool2d: expects an NCHW tensor \(4 dims\), got \[3, 4\]/);
});

test("bad arguments name the argument", () => {
  assert.throws(() => zeros([2]).sum(3), (e) => e instanceof ArgumentError && e.code === "runtime" && /sum: dim 3 is out of range/.test(e.message));
  assert.throws(() => zeros([2]).clamp({}), /clamp: give at least one bound/);
  assert.throws(() => zeros([2]).add("1" as unknown as number), /add: the other operand must be a Tensor or a number, got string/);
  assert.throws(() => zeros([2, -1]), /zeros: shape must be an array of non-negative integers/);
  assert.throws(() => tensor([[1, 2], [3]]), /tensor: ragged data: data\[1\] has shape \[1\] but data\[0\] has \[2\]/);
  assert.throws(() => randn([2], { seed: 1.5 }), /randn: seed must be an integer/);
  assert.throws(() => zeros([2]).item(), /item\(\): the tensor has 2 elements/);
  assert.throws(() => defineCheck({ inputs: { w: [1, 2] as unknown as Tensor }, forward: (i) => i.w }), /defineCheck: inputs.w must be a Tensor/);
});

test("a bad shape or window reads as written: NaN and Infinity are not shown as null", () => {
  assert.throws(() => randn([2, NaN]), { message: "randn: shape must be an array of non-negative integers, got [2, NaN]" });
  assert.throws(() => zeros([Infinity]), { message: "zeros: shape must be an array of non-negative integers, got [Infinity]" });
  assert.throws(() => zeros([2]).reshape([NaN, -1]), /reshape: shape must be an array of non-negative integers, got \[NaN\]/);
  assert.throws(() => maxPool2d(zeros([1, 1, 4, 4]), [2, NaN]), /maxPool2d: .* got \[2, NaN\]$/);
  assert.throws(() => ones(Array(20).fill(0.5)), /got \[0\.5, 0\.5, 0\.5, 0\.5, 0\.5, 0\.5, 0\.5, 0\.5, …\]$/);
});

test("a custom backward of the wrong shape names the op, the input and both shapes", () => {
  const Scale = customOp({
    name: "Scale",
    forward(ctx, input: Tensor, weight: Tensor) { ctx.saveForBackward(input, weight); return input.mul(weight); },
    backward(ctx, g: Tensor) { const [input, weight] = ctx.saved; return [g.mul(weight), input.t()]; },
  });
  const x = randn([2, 3], { seed: 1, requiresGrad: true });
  const w = randn([2, 3], { seed: 2, requiresGrad: true });
  assert.throws(() => Scale(x, w).sum().backward(), {
    name: "ShapeError",
    message: "Scale.backward returned a gradient of shape [3, 2] for input 1 (weight), which has shape [2, 3]",
  });
});

test("a custom backward returning the wrong number of gradients names the op", () => {
  const Pair = customOp({
    name: "Pair",
    forward: (_ctx, a: Tensor, b: Tensor) => a.add(b),
    backward: (_ctx, g: Tensor) => g,
  });
  const a = tensor([1], { requiresGrad: true });
  assert.throws(() => Pair(a, a).sum().backward(), /Pair.backward returned 1 gradient but the op has 2 tensor inputs/);
});

test("a custom backward may return a broadcast-shaped gradient: it is summed down, as PyTorch", () => {
  const AddRow = customOp({
    name: "AddRow",
    forward: (_ctx, x: Tensor, b: Tensor) => x.add(b),
    backward: (_ctx, g: Tensor) => [g, g],
  });
  const x = zeros([3, 2], { requiresGrad: true });
  const b = zeros([2], { requiresGrad: true });
  AddRow(x, b).sum().backward();
  assert.deepEqual(Array.from(b.grad!.data), [3, 3]);
});

test("past the memory budget a MemoryBudgetError names the allocation; usage is counted", () => {
  try {
    resetMemoryUsage();
    zeros([10]);
    assert.equal(memoryUsage(), 80);
    zeros([10], { dtype: "float32" });
    assert.equal(memoryUsage(), 120);
    setMemoryBudget(1000);
    assert.throws(() => zeros([200]), (e) =>
      e instanceof MemoryBudgetError && e.code === "memory" && /shape \[200\] needs 1600 bytes, but 120 bytes of the 1000 bytes budget/.test(e.message));
  } finally {
    setMemoryBudget(2 * 1024 ** 3);
    resetMemoryUsage();
  }
});
