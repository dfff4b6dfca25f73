// PyTorch's conventions at non-differentiable points, and the NonSmooth hook that tells gradcheck about them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { maxPool2d, tensor, type Tensor } from "../../../src/engine/index";
import { recordTape } from "../../../src/engine/internal";

const values = (t: Tensor | null): number[] => Array.from(t!.data);

function gradOf(data: number[] | number[][][][], f: (x: Tensor) => Tensor): number[] {
  const x = tensor(data, { requiresGrad: true });
  f(x).sum().backward();
  return values(x.grad);
}

/** The NonSmooth hook of the single op `f` applies to `data`. */
function hookOf(data: unknown, f: (x: Tensor) => Tensor) {
  const x = tensor(data);
  const { tape } = recordTape(() => f(x));
  const node = tape.nodes.find((n) => n.kind === "op")!;
  return { kind: node.nonSmooth!.kind, region: Array.from(node.nonSmooth!.region()), atPoint: node.nonSmooth!.atPoint() };
}

test("relu'(0) = 0 and abs'(0) = 0", () => {
  assert.deepEqual(gradOf([-1, 0, 2], (x) => x.relu()), [0, 0, 1]);
  assert.deepEqual(gradOf([-1, 0, 2], (x) => x.abs()), [-1, 0, 1]);
});

test("clamp passes the gradient where min <= x <= max, bounds included", () => {
  assert.deepEqual(gradOf([-1, 0, 0.5, 1, 2], (x) => x.clamp({ min: 0, max: 1 })), [0, 1, 1, 1, 0]);
  assert.deepEqual(gradOf([-1, 0, 2], (x) => x.clamp({ min: 0 })), [0, 1, 1]);
});

test("a max tie sends the whole gradient to the first maximum in row-major order", () => {
  assert.deepEqual(gradOf([1, 3, 3, 2], (x) => x.max()), [0, 1, 0, 0]);
  const x = tensor([[5, 5], [1, 5]], { requiresGrad: true });
  x.max(0).sum().backward();
  assert.deepEqual(values(x.grad), [1, 1, 0, 0]);
});

test("a maxPool2d tie routes to the first maximal element of the window", () => {
  assert.deepEqual(gradOf([[[[1, 4], [4, 4]]]], (x) => maxPool2d(x, 2)), [0, 1, 0, 0]);
});

test("relu and abs: region is the sign of x, atPoint the zeros", () => {
  for (const f of [(x: Tensor) => x.relu(), (x: Tensor) => x.abs()]) {
    assert.deepEqual(hookOf([-2, 0, 3, 0], f), { kind: "kink", region: [-1, 0, 1, 0], atPoint: [1, 3] });
  }
});

test("clamp: region codes below, at min, inside, at max, above; atPoint the bounds", () => {
  assert.deepEqual(hookOf([-1, 0, 0.5, 1, 2], (x) => x.clamp({ min: 0, max: 1 })),
    { kind: "kink", region: [0, 1, 2, 3, 4], atPoint: [1, 3] });
});

test("max: region is the argmax, atPoint every element of a tied maximum", () => {
  assert.deepEqual(hookOf([[1, 7, 7], [4, 2, 0]], (x) => x.max(1)), { kind: "tie", region: [1, 3], atPoint: [1, 2] });
  assert.deepEqual(hookOf([2, 1], (x) => x.max()), { kind: "tie", region: [0], atPoint: [] });
});

test("maxPool2d: region is each window's argmax, atPoint the tied elements", () => {
  const input = [[[[1, 4, 0, 0], [4, 2, 0, 9]]]];
  assert.deepEqual(hookOf(input, (x) => maxPool2d(x, 2)), { kind: "tie", region: [1, 7], atPoint: [1, 4] });
});

test("the hook describes the recorded run even if the input is changed afterwards", () => {
  const x = tensor([0, 1]);
  const { tape } = recordTape(() => x.relu());
  x.data[0] = 5;
  assert.deepEqual(tape.nodes[1].nonSmooth!.atPoint(), [0]);
});
