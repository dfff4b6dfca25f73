// recordTape: the plain-data record of every op application that the runner and gradcheck build on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { customOp, noGrad, tensor, type Tensor } from "../../../src/engine/index";
import { recordTape } from "../../../src/engine/internal";

test("nodes in creation order: registered inputs first, then consts and ops with their input ids", () => {
  const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
  const unused = tensor([0], { requiresGrad: true });
  const x = tensor([[1, 0]]);
  const { result, tape } = recordTape(() => x.mm(w).relu().sum(), { inputs: new Map([[w, "w"], [unused, "unused"]]) });
  assert.deepEqual(
    tape.nodes.map((n) => [n.id, n.kind, n.op, n.inputs]),
    [[0, "input", "input", []], [1, "input", "input", []], [2, "const", "const", []], [3, "op", "mm", [2, 0]],
      [4, "op", "relu", [3]], [5, "op", "sum", [4]]],
  );
  assert.deepEqual(tape.nodes[0].attrs, { name: "w" });
  assert.equal(tape.nodes[0].tensor, w);
  assert.equal(tape.nodes[5].tensor, result);
  assert.equal(tape.nodes[3].rule, "mm: dA = g·Bᵀ, dB = Aᵀ·g");
});

test("attrs hold the op's arguments; a number operand is attrs.other, not a node", () => {
  const x = tensor([[1, -2]]);
  const { tape } = recordTape(() => x.mul(3).clamp({ min: 0 }).sum(1, true).transpose(0, -1));
  const ops = tape.nodes.filter((n) => n.kind === "op");
  assert.deepEqual(ops.map((n) => [n.op, n.inputs.length, n.attrs]), [
    ["mul", 1, { other: 3 }], ["clamp", 1, { min: 0 }], ["sum", 1, { dim: 1, keepdim: true }],
    ["transpose", 1, { dim0: 0, dim1: 1 }],
  ]);
});

test("site is called at each op application and kept", () => {
  let calls = 0;
  const x = tensor([1, 2]);
  const { tape } = recordTape(() => x.exp().neg(), { site: () => ++calls });
  assert.deepEqual(tape.nodes.filter((n) => n.kind === "op").map((n) => n.site), [1, 2]);
});

test("ops inside a backward or inside a custom forward are not recorded; noGrad ops are", () => {
  const Square = customOp({
    name: "Square",
    forward(ctx, x: Tensor) { ctx.saveForBackward(x); return x.mul(x).add(0); },
    backward(ctx, g: Tensor) { return g.mul(ctx.saved[0]).mul(2); },
  });
  const x = tensor([3], { requiresGrad: true });
  const { tape } = recordTape(() => {
    const y = Square(x).sum();
    y.backward();
    return noGrad(() => y.mul(2));
  });
  assert.deepEqual(tape.nodes.map((n) => n.op), ["const", "Square", "sum", "mul"]);
  const custom = tape.nodes[1];
  assert.equal(custom.kind, "custom");
  assert.equal(custom.custom!.saved[0], x);
  assert.deepEqual(custom.custom!.args, [x]);
  assert.match(custom.custom!.definedAt, /tape\.test/);
  assert.equal(x.grad!.item(), 6);
});

test("a custom op keeps every call argument, tensors and others", () => {
  const Scale = customOp({ name: "Scale", forward: (_c, x: Tensor, k: number) => x.mul(k), backward: (_c, g) => g });
  const x = tensor([1]);
  const { tape } = recordTape(() => Scale(x, 4));
  assert.deepEqual(tape.nodes[1].custom!.callArgs, [x, 4]);
});

test("retainGrads keeps .grad on every recorded op result", () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const { tape, result } = recordTape(() => x.mul(x).sum(), { retainGrads: true });
  result.backward();
  assert.deepEqual(Array.from(tape.nodes[1].tensor.grad!.data), [1, 1]);
});

test("recordTape nests and restores the outer observer", () => {
  const x = tensor([1]);
  const outer = recordTape(() => {
    const a = x.exp();
    const inner = recordTape(() => a.neg());
    assert.deepEqual(inner.tape.nodes.map((n) => n.op), ["const", "neg"]);
    return a.log();
  });
  assert.deepEqual(outer.tape.nodes.map((n) => n.op), ["const", "exp", "log"]);
  assert.deepEqual(recordTape(() => 1).tape.nodes, []);
});
