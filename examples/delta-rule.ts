// The delta rule in a multi-layer sigmoid network, layer by layer.
//
// For layer l with pre-activation z_l = a_{l−1}·W_l + b_l and activation a_l = σ(z_l), the "delta" is
// δ_l = dloss/dz_l. With the loss ½·Σ (a_3 − y)²:
//   output layer:  δ_3 = (a_3 − y) ⊙ σ′(z_3)
//   hidden layers: δ_l = (δ_{l+1}·W_{l+1}ᵀ) ⊙ σ′(z_l)       (the error sent back through the weights above)
//   weights:       dW_l = a_{l−1}ᵀ·δ_l,   db_l = Σ over the batch of δ_l
// and σ′(z) = σ(z)·(1 − σ(z)) = a·(1 − a), so the derivative comes from the activations already computed.
//
// Expected verdict: passes (exit 0). Check `sigmoidNetwork`: inputs w1, b1, w2, b2, w3, b3 ok, and every manual
// gradient ok. Hover delta3, delta2 and delta1 to see their shapes shrink and grow with the layers.
import { defineCheck, randn, type Tensor } from "gradlens";

const x = randn([6, 4], { seed: 21 });
const y = randn([6, 2], { seed: 22 }).sigmoid(); // targets inside (0, 1), where a sigmoid output can reach

type Params = Record<"w1" | "b1" | "w2" | "b2" | "w3" | "b3", Tensor>;

function activations({ w1, b1, w2, b2, w3, b3 }: Params) {
  const a1 = x.mm(w1).add(b1).sigmoid();
  const a2 = a1.mm(w2).add(b2).sigmoid();
  const a3 = a2.mm(w3).add(b3).sigmoid();
  return { a1, a2, a3 };
}

// σ′(z) written with the activation a = σ(z)
const sigmoidPrime = (a: Tensor) => a.mul(a.neg().add(1));

export const sigmoidNetwork = defineCheck({
  inputs: {
    w1: randn([4, 5], { seed: 23 }), b1: randn([5], { seed: 24 }),
    w2: randn([5, 3], { seed: 25 }), b2: randn([3], { seed: 26 }),
    w3: randn([3, 2], { seed: 27 }), b3: randn([2], { seed: 28 }),
  },
  forward: (params) => {
    const { a3 } = activations(params);
    return a3.sub(y).pow(2).mul(0.5).sum();
  },
  manualGrads: (params) => {
    const { a1, a2, a3 } = activations(params);
    const delta3 = a3.sub(y).mul(sigmoidPrime(a3)); // [6, 2]
    const delta2 = delta3.mm(params.w3.t()).mul(sigmoidPrime(a2)); // [6, 3]
    const delta1 = delta2.mm(params.w2.t()).mul(sigmoidPrime(a1)); // [6, 5]
    return {
      w3: a2.t().mm(delta3), b3: delta3.sum(0),
      w2: a1.t().mm(delta2), b2: delta2.sum(0),
      w1: x.t().mm(delta1), b1: delta1.sum(0),
    };
  },
});
