// A custom op with a WRONG hand-written backward, and how gradlens blames it.
//
// `MultiplyGate` computes x·y, so its backward must swap: dx = y·dz, dy = x·dz. This one forgets to swap
// and returns dx = x·dz, dy = y·dz, a slip that is easy to make and gives gradients of the right shape,
// so nothing crashes: training just goes wrong.
//
// gradlens checks every custom op locally, on the values it actually saw during the run, against numerical
// differentiation of its own forward. So it does not only say "the gradient of `a` is wrong": it names the op
// (`MultiplyGate`) and the line where it is defined, and puts the error there in the Problems panel.
//
// Expected verdict: fails (exit 1). Check `wrongGate`: op `MultiplyGate` not ok, at the line of its `customOp(`
// definition; a `custom-backward-mismatch` diagnostic at the line that used it (`MultiplyGate(a, b)`); inputs a and
// b fail against numerical differentiation. Fix: return [y.mul(dz), x.mul(dz)] (see computational-graphs.ts).
import { customOp, defineCheck, tensor, type Tensor } from "gradlens";

const MultiplyGate = customOp({
  name: "MultiplyGate",
  forward(ctx, x: Tensor, y: Tensor) {
    ctx.saveForBackward(x, y);
    return x.mul(y);
  },
  backward(ctx, dz: Tensor) {
    const [x, y] = ctx.saved;
    return [x.mul(dz), y.mul(dz)]; // BUG: the gradients are not swapped
  },
});

// A small weighted sum through the gate: loss = Σ (a·b)·c.
const c = tensor([0.5, -1, 2]);

export const wrongGate = defineCheck({
  inputs: { a: tensor([1, 2, 3]), b: tensor([-2, 0.5, 4]) },
  forward: ({ a, b }) => {
    const product = MultiplyGate(a, b);
    const loss = product.mul(c).sum();
    return loss;
  },
});
