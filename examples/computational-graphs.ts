// Computational graphs from the lecture, one check per picture.
//
// Backprop on a graph is local: every gate knows only its own inputs and the gradient arriving from above,
// and multiplies that gradient by its local derivative (the chain rule). The gate types have simple habits:
//   add distributes  — both inputs receive the upstream gradient unchanged;
//   mul swaps        — each input receives the upstream gradient times the *other* input;
//   max routes       — the larger input receives all of it, the other gets 0;
//   a value used twice collects the gradients of both branches (they add up).
// Each check returns the gradients worked out by hand on paper as `manualGrads`; gradlens compares them with
// autograd and with numerical differentiation. Open the graph panel's backward view to see each rule on its edge.
//
// Expected verdict: passes (exit 0). Checks `sumTimesZ`, `sigmoidNeuron`, `sigmoidNeuronOneOp`, `gates`,
// `twoBranches` and `multiplyGate` all ok; the custom op `MultiplyGate` is checked locally and is ok.
import { customOp, defineCheck, stack, tensor, type Tensor } from "gradlens";

// f(x, y, z) = (x + y)·z at x = −2, y = 5, z = −4: q = 3, f = −12.
// Backwards: df/dz = q = 3; df/dq = z = −4; the add gate hands −4 to both x and y.
export const sumTimesZ = defineCheck({
  inputs: { x: tensor(-2), y: tensor(5), z: tensor(-4) },
  forward: ({ x, y, z }) => {
    const q = x.add(y);
    const f = q.mul(z);
    return f;
  },
  manualGrads: () => ({ x: tensor(-4), y: tensor(-4), z: tensor(3) }),
});

// The 2-D sigmoid neuron f = σ(w0·x0 + w1·x1 + w2), built from elementary gates, at w = (2, −3, −3), x = (−1, −2).
// Forward: s = 1, f = σ(1) = 0.7311.
// Backwards: the whole sigmoid chain (neg, exp, +1, 1/·) collapses to σ′(s) = f·(1 − f) = 0.1966,
// then the add gates distribute it and the mul gates swap it.
export const sigmoidNeuron = defineCheck({
  inputs: { w0: tensor(2), x0: tensor(-1), w1: tensor(-3), x1: tensor(-2), w2: tensor(-3) },
  forward: ({ w0, x0, w1, x1, w2 }) => {
    const s = w0.mul(x0).add(w1.mul(x1)).add(w2);
    const f = s.neg().exp().add(1).pow(-1);
    return f;
  },
  manualGrads: ({ w0, x0, w1, x1, w2 }) => {
    const f = w0.mul(x0).add(w1.mul(x1)).add(w2).sigmoid();
    const grad_s = f.mul(f.neg().add(1));
    return { w0: x0.mul(grad_s), x0: w0.mul(grad_s), w1: x1.mul(grad_s), x1: w1.mul(grad_s), w2: grad_s };
  },
});

// The same neuron with `sigmoid` as one op: one node instead of four, same gradients
// (−0.197, 0.393, −0.393, −0.590, 0.197 for w0, x0, w1, x1, w2).
export const sigmoidNeuronOneOp = defineCheck({
  inputs: { w0: tensor(2), x0: tensor(-1), w1: tensor(-3), x1: tensor(-2), w2: tensor(-3) },
  forward: ({ w0, x0, w1, x1, w2 }) => {
    const s = w0.mul(x0).add(w1.mul(x1)).add(w2);
    return s.sigmoid();
  },
});

// Add, max and mul gates together: f = 2·(x·y + max(z, w)) at x = 3, y = −4, z = 2, w = −1, so f = −20.
// Backwards: the ·2 gate gives 2 to the sum; add distributes 2 to both branches; mul swaps: dx = 2·y = −8,
// dy = 2·x = 6; max routes: z (the larger) gets 2, w gets 0.
export const gates = defineCheck({
  inputs: { x: tensor(3), y: tensor(-4), z: tensor(2), w: tensor(-1) },
  forward: ({ x, y, z, w }) => {
    const product = x.mul(y);
    const largest = stack([z, w], 0).max();
    const f = product.add(largest).mul(2);
    return f;
  },
  manualGrads: () => ({ x: tensor(-8), y: tensor(6), z: tensor(2), w: tensor(0) }),
});

// A value used on two branches: f = (x·y)·(x + y) at x = 2, y = 3, so a = 6, b = 5, f = 30.
// x feeds both `a` and `b`, so its gradient is the sum of what comes back along each branch:
// df/dx = (through a) b·y + (through b) a·1 = 15 + 6 = 21, and likewise df/dy = b·x + a = 10 + 6 = 16.
export const twoBranches = defineCheck({
  inputs: { x: tensor(2), y: tensor(3) },
  forward: ({ x, y }) => {
    const a = x.mul(y);
    const b = x.add(y);
    const f = a.mul(b);
    return f;
  },
  manualGrads: ({ x, y }) => {
    const a = x.mul(y);
    const b = x.add(y);
    const grad_x = b.mul(y).add(a);
    const grad_y = b.mul(x).add(a);
    return { x: grad_x, y: grad_y };
  },
});

// A gate written by hand, as in the lecture's `MultiplyGate` class: forward saves its inputs, backward swaps them.
// gradlens checks this backward on its own, on the exact values it saw, and reports it under ops.
// (wrong-backward.ts shows the same gate with a mistake.)
const MultiplyGate = customOp({
  name: "MultiplyGate",
  forward(ctx, x: Tensor, y: Tensor) {
    ctx.saveForBackward(x, y);
    return x.mul(y);
  },
  backward(ctx, dz: Tensor) {
    const [x, y] = ctx.saved;
    return [y.mul(dz), x.mul(dz)];
  },
});

// f = (x + y)·z again, with the product done by MultiplyGate: the same gradients as `sumTimesZ`.
export const multiplyGate = defineCheck({
  inputs: { x: tensor(-2), y: tensor(5), z: tensor(-4) },
  forward: ({ x, y, z }) => {
    const q = x.add(y);
    const f = MultiplyGate(q, z);
    return f;
  },
  manualGrads: () => ({ x: tensor(-4), y: tensor(-4), z: tensor(3) }),
});
