// Shapes at the edges: 0-d tensors, size-0 dims, negative dims, slice clamping, views, NaN propagation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { stack, tensor, zeros, type Tensor } from "../../../src/engine/index";

const values = (t: Tensor | null): number[] => Array.from(t!.data);

test("0-d tensors: creation, arithmetic, reductions, softmax and stack", () => {
  const s = tensor(3, { requiresGrad: true });
  assert.deepEqual(s.shape, []);
  assert.equal(s.toArray(), 3);
  const y = s.mul(s).sum(0);
  assert.deepEqual(y.shape, []);
  y.backward();
  assert.equal(s.grad!.item(), 6);
  assert.equal(tensor(2).softmax(0).item(), 1);
  assert.deepEqual(stack([tensor(1), tensor(2)]).shape, [2]);
});

test("size-0 dims flow through ops", () => {
  const e = zeros([0, 3]);
  assert.deepEqual(e.add(1).shape, [0, 3]);
  assert.deepEqual(e.sum(0).toArray(), [0, 0, 0]);
  assert.deepEqual(e.t().mm(zeros([0, 2])).toArray(), [[0, 0], [0, 0], [0, 0]]);
  assert.deepEqual(tensor([]).shape, [0]);
});

test("tensor() takes typed arrays, alone or as rows", () => {
  assert.deepEqual(tensor(new Float32Array([1, 2])).toArray(), [1, 2]);
  assert.deepEqual(tensor([new Float64Array([1, 2]), new Float64Array([3, 4])] as unknown as number[][]).toArray(), [[1, 2], [3, 4]]);
});

test("slice follows Python: negative starts count from the end, out-of-range ends clamp, empty when end <= start", () => {
  const x = tensor([0, 1, 2, 3, 4]);
  assert.deepEqual(values(x.slice(-2, 99)), [3, 4]);
  assert.deepEqual(values(x.slice(3, 1)), []);
  assert.deepEqual(tensor([[1, 2, 3], [4, 5, 6]]).slice(1, -1, -1).toArray(), [[2], [5]]);
});

test("reshape infers -1; transpose and t round-trip", () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(x.reshape([-1]).toArray(), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(x.reshape([3, -1]).shape, [3, 2]);
  assert.deepEqual(x.t().toArray(), [[1, 4], [2, 5], [3, 6]]);
  assert.deepEqual(x.t().t().toArray(), x.toArray());
  assert.deepEqual(tensor([1, 2]).t().toArray(), [1, 2]);
});

test("NaN propagates through max instead of being skipped", () => {
  assert.ok(Number.isNaN(tensor([1, NaN, 3]).max().item()));
  const rows = tensor([[1, 2], [NaN, 0]]).max(1).toArray() as number[];
  assert.equal(rows[0], 2);
  assert.ok(Number.isNaN(rows[1]));
});

test("clamp with min > max gives max everywhere, as PyTorch", () => {
  assert.deepEqual(values(tensor([-1, 0.5, 2]).clamp({ min: 1, max: 0 })), [0, 0, 0]);
});

test("pow(0) has a zero gradient even at x = 0", () => {
  const x = tensor([0, 2], { requiresGrad: true });
  x.pow(0).sum().backward();
  assert.deepEqual(values(x.grad), [0, 0]);
});

test("pow(2)'s gradient is exactly 2·x·g at the edges: signed zeros, infinities, subnormals, NaN", () => {
  const xs = [-0, 0, 5e-324, -1.5, 1e300, -Infinity, NaN];
  const x = tensor(xs, { requiresGrad: true });
  const g = tensor([3, -2, 0.5, 7, 4, 1, 2]);
  x.pow(2).backward(g);
  xs.forEach((v, i) => assert.ok(Object.is(x.grad!.data[i], g.data[i] * (v * 2)), `at x = ${v}`));
});

test("clamp with a zero min is Math.max(x, min) and relu is x > 0 ? x : 0, bit for bit at the edges, in float64 and float32", () => {
  const xs = [-0, 0, NaN, -1, 2, 5e-324, -Infinity, Infinity];
  for (const dtype of ["float64", "float32"] as const) {
    const x = tensor(xs, { dtype });
    const cases: [string, Tensor, (v: number) => number][] = [
      ["clamp min 0", x.clamp({ min: 0 }), (v) => Math.max(v, 0)],
      ["clamp min -0", x.clamp({ min: -0 }), (v) => Math.max(v, -0)],
      ["relu", x.relu(), (v) => (v > 0 ? v : 0)],
    ];
    for (const [name, out, want] of cases) {
      xs.forEach((v, i) => assert.ok(Object.is(out.data[i], want(x.data[i])), `${name} ${dtype} at x = ${v}: got ${out.data[i]}`));
    }
  }
});

test("relu and clamp backward pass g exactly where the gate is open and +0 elsewhere, in float64 and float32", () => {
  const xs = [2, -1, 0, -0, NaN, 1, 3, 0.5];
  const gs = [-0, 5, 7, 8, 9, NaN, -Infinity, 1e-40];
  for (const dtype of ["float64", "float32"] as const) {
    const cases: [string, (t: Tensor) => Tensor, (v: number) => boolean][] = [
      ["relu", (t) => t.relu(), (v) => v > 0],
      ["clamp", (t) => t.clamp({ min: 0, max: 1 }), (v) => v >= 0 && v <= 1],
    ];
    for (const [name, op, open] of cases) {
      const x = tensor(xs, { dtype, requiresGrad: true });
      const g = tensor(gs, { dtype });
      op(x).backward(g);
      xs.forEach((v, i) =>
        assert.ok(Object.is(x.grad!.data[i], open(v) ? g.data[i] : 0), `${name} ${dtype} at x = ${v}: got ${x.grad!.data[i]}`));
    }
  }
});

test("matmul of two vectors is their dot product, a 0-d tensor", () => {
  const d = tensor([1, 2, 3]).matmul(tensor([4, 5, 6]));
  assert.deepEqual(d.shape, []);
  assert.equal(d.item(), 32);
});

test("printing a tensor shows its values and shape, not the graph behind it", async () => {
  const { inspect } = await import("node:util");
  const x = tensor([[1, 2.123456], [NaN, -Infinity]], { requiresGrad: true });
  assert.equal(inspect(x.mul(1)), 'Tensor([[1, 2.123], [NaN, -Infinity]], shape=[2, 2], dtype=float64, requiresGrad)');
  assert.match(String(zeros([100])), /^Tensor\(\[0, 0, 0, 0, 0, 0, … 94 more\], shape=\[100\], dtype=float64\)$/);
});
