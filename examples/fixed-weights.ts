// A two-layer forward pass with fixed weights, and its gradients "from the back to the front".
//
// Inputs x = (1, 2, 3). Hidden unit 1 has weights (0.2, 0.4, 0.4), hidden unit 2 has (0.4, 0.1, 0.4);
// the output unit has weights (0.7, 0.8). All units are linear, so everything can be checked by hand:
//   hidden 1 = 0.2·1 + 0.4·2 + 0.4·3 = 2.2
//   hidden 2 = 0.4·1 + 0.1·2 + 0.4·3 = 1.8
//   output   = 0.7·2.2 + 0.8·1.8     = 2.98        target 3.2, loss = ½·(2.98 − 3.2)² = 0.0242
//
// Backwards, one layer at a time:
//   dloss/doutput = output − target = −0.22                            (the output "delta")
//   dloss/dw2     = hidden·delta    = (2.2, 1.8)·(−0.22) = (−0.484, −0.396)
//   dloss/dhidden = w2·delta        = (0.7, 0.8)·(−0.22) = (−0.154, −0.176)
//   dloss/dw1     = x ⊗ dhidden: row i is x_i·(−0.154, −0.176)
// Those numbers are written below as `manualGrads`; gradlens confirms each one against autograd and against
// numerical differentiation, so a wrong number on paper shows up as a failed manual gradient.
// A gradient-descent step would then move each weight against its gradient: w ← w − lr·dloss/dw.
//
// Expected verdict: passes (exit 0). Check `fixedWeights`: inputs w1, w2 ok; manual gradients w1, w2 ok.
import { defineCheck, tensor } from "gradlens";

const x = tensor([[1, 2, 3]]);
const target = tensor([[3.2]]);

export const fixedWeights = defineCheck({
  inputs: {
    // column j holds the weights of hidden unit j
    w1: tensor([
      [0.2, 0.4],
      [0.4, 0.1],
      [0.4, 0.4],
    ]),
    w2: tensor([[0.7], [0.8]]),
  },
  forward: ({ w1, w2 }) => {
    const hidden = x.mm(w1); // [[2.2, 1.8]]
    const output = hidden.mm(w2); // [[2.98]]
    const loss = output.sub(target).pow(2).mul(0.5).sum();
    return loss;
  },
  manualGrads: () => ({
    w1: tensor([
      [1 * -0.154, 1 * -0.176],
      [2 * -0.154, 2 * -0.176],
      [3 * -0.154, 3 * -0.176],
    ]),
    w2: tensor([[-0.484], [-0.396]]),
  }),
});
