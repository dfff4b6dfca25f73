// Every op's backward against float64 central differences, on shapes with broadcasting and size-1 dims.
import { test } from "node:test";
import { Tensor, concat, conv2d, maxPool2d, stack } from "../../../src/engine/index";
import { assertGradsMatch, leaf } from "./numeric";

/** Values kept away from 0 (log, div, pow with a tensor exponent). */
const positive = (shape: number[]): Tensor => {
  const t = leaf(shape);
  t.data.forEach((v, i) => (t.data[i] = 0.5 + Math.abs(v)));
  return t;
};

const broadcastPairs: [number[], number[]][] = [
  [[3, 4], [3, 4]],
  [[3, 4], [4]],
  [[3, 1], [1, 4]],
  [[2, 1, 4], [3, 1]],
  [[1], [2, 3]],
  [[], [2, 2]],
];

for (const [a, b] of broadcastPairs) {
  const tag = `${JSON.stringify(a)} with ${JSON.stringify(b)}`;
  test(`add, sub, mul broadcast ${tag}`, () => {
    assertGradsMatch((x, y) => x.add(y), [leaf(a), leaf(b)]);
    assertGradsMatch((x, y) => x.sub(y), [leaf(a), leaf(b)]);
    assertGradsMatch((x, y) => x.mul(y), [leaf(a), leaf(b)]);
  });
  test(`div and pow broadcast ${tag}`, () => {
    assertGradsMatch((x, y) => x.div(y), [leaf(a), positive(b)]);
    assertGradsMatch((x, y) => x.pow(y), [positive(a), leaf(b)]);
  });
}

test("number operands", () => {
  assertGradsMatch((x) => x.add(2).sub(0.5).mul(-3).div(4), [leaf([2, 3])]);
  assertGradsMatch((x) => x.pow(3), [leaf([2, 3])]);
  assertGradsMatch((x) => x.pow(0.5), [positive([5])]);
});

test("unary ops", () => {
  for (const f of [
    (x: Tensor) => x.neg(), (x: Tensor) => x.exp(), (x: Tensor) => x.tanh(), (x: Tensor) => x.sigmoid(),
    (x: Tensor) => x.relu(), (x: Tensor) => x.abs(), (x: Tensor) => x.clamp({ min: -0.3, max: 0.4 }),
    (x: Tensor) => x.clamp({ min: 0 }), (x: Tensor) => x.clamp({ max: 0.1 }),
  ]) assertGradsMatch(f, [leaf([3, 1, 4])]);
  assertGradsMatch((x) => x.log(), [positive([2, 3])]);
  assertGradsMatch((x) => x.sqrt(), [positive([2, 3])]);
});

test("sigmoid stays finite and differentiable for large |x|", () => {
  const x = leaf([4]);
  x.data.set([-800, -30, 30, 800]);
  assertGradsMatch((t) => t.sigmoid(), [x]);
});

test("reductions over every dim, negative dims, keepdim and everything", () => {
  for (const op of ["sum", "mean", "max"] as const) {
    assertGradsMatch((x) => x[op](), [leaf([2, 3, 4])]);
    for (const dim of [0, 1, 2, -1]) {
      assertGradsMatch((x) => x[op](dim), [leaf([2, 3, 4])]);
      assertGradsMatch((x) => x[op](dim, true), [leaf([2, 1, 4])]);
    }
  }
});

test("mm and matmul: vectors, matrices, broadcast batches", () => {
  assertGradsMatch((a, b) => a.mm(b), [leaf([3, 4]), leaf([4, 2])]);
  const cases: [number[], number[]][] = [
    [[4], [4]], [[4], [4, 2]], [[3, 4], [4]], [[3, 4], [4, 2]], [[2, 3, 4], [4, 2]], [[3, 4], [2, 4, 5]],
    [[2, 1, 3, 4], [5, 4, 2]], [[2, 3, 4], [4]], [[4], [2, 4, 3]],
  ];
  for (const [a, b] of cases) assertGradsMatch((x, y) => x.matmul(y), [leaf(a), leaf(b)]);
});

test("shape ops", () => {
  assertGradsMatch((x) => x.t(), [leaf([3, 4])]);
  assertGradsMatch((x) => x.transpose(0, 2), [leaf([2, 3, 4])]);
  assertGradsMatch((x) => x.transpose(-1, 1), [leaf([2, 3, 4])]);
  assertGradsMatch((x) => x.reshape([4, -1]), [leaf([2, 3, 2])]);
  assertGradsMatch((x) => x.slice(1, 3), [leaf([4, 3])]);
  assertGradsMatch((x) => x.slice(-2, 10, 1), [leaf([2, 5])]);
  assertGradsMatch((a, b) => concat([a, b, a], 1), [leaf([2, 3]), leaf([2, 1])]);
  assertGradsMatch((a, b) => stack([a, b], 1), [leaf([2, 3]), leaf([2, 3])]);
  assertGradsMatch((a, b) => stack([a, b], -1), [leaf([2, 3]), leaf([2, 3])]);
});

test("softmax and logSoftmax along each dim", () => {
  for (const dim of [0, 1, -1]) {
    assertGradsMatch((x) => x.softmax(dim), [leaf([3, 4])]);
    assertGradsMatch((x) => x.logSoftmax(dim), [leaf([3, 4])]);
  }
  assertGradsMatch((x) => x.logSoftmax(1), [leaf([2, 3, 2])]);
});

test("maxPool2d with and without overlapping windows", () => {
  assertGradsMatch((x) => maxPool2d(x, 2), [leaf([2, 2, 4, 4])]);
  assertGradsMatch((x) => maxPool2d(x, [3, 2], 1), [leaf([1, 2, 5, 4])]);
});

test("conv2d with stride and padding", () => {
  assertGradsMatch((x, w) => conv2d(x, w), [leaf([2, 3, 5, 5]), leaf([4, 3, 3, 3])]);
  assertGradsMatch((x, w) => conv2d(x, w, { stride: 2, padding: 1 }), [leaf([1, 2, 5, 6]), leaf([3, 2, 3, 2])]);
  assertGradsMatch((x, w) => conv2d(x, w, { stride: [1, 2], padding: [2, 0] }), [leaf([1, 1, 4, 5]), leaf([2, 1, 2, 3])]);
});

test("a composed two-layer net with a loss", () => {
  assertGradsMatch(
    (x, w1, w2) => x.mm(w1).clamp({ min: 0 }).mm(w2).logSoftmax(1).mean(),
    [leaf([5, 4]), leaf([4, 6]), leaf([6, 3])],
  );
});

test("softmax and logSoftmax stay finite for large logits", () => {
  const logits = (): Tensor => {
    const x = leaf([2, 3]);
    x.data.set([1000, 1001, 999, -1000, -1002, -1001]);
    return x;
  };
  assertGradsMatch((t) => t.softmax(1), [logits()]);
  assertGradsMatch((t) => t.logSoftmax(1), [logits()]);
});
