// Two-layer network with hand-written backprop, checked against autograd.
//
// The classic exercise: N = 64 samples, D_in = 1000 inputs, H = 100 hidden units, D_out = 10 outputs,
// a ReLU written as clamp(min = 0) and a squared-error loss. `manualGrads` is the backward pass you would
// write by hand (as with NumPy); gradlens compares it with autograd element by element, and compares
// autograd with numerical differentiation of `forward`.
//
// Below it, `threeLayer`: the same with one more weight and ReLU in the middle.
//
// Expected verdict: passes (exit 0). Check `twoLayer`: inputs w1 and w2 ok, manual gradients w1 and w2 ok.
// Check `threeLayer`: inputs w1, w2, w3 ok, manual gradients w1, w2, w3 ok.
//
// Try it:
//   - hover `h_relu`: shape [64, 100]; hover `grad_w2`: [100, 10], matching dL/dw2.
//   - in the graph panel's backward view, the mm edges read dW = Xᵀ·G: that is why grad_w2 = h_relu.t().mm(grad_y_pred).
//   - break the backward pass (drop `.mul(2)`, or the mask on grad_h) and re-run: gradlens names the input that is
//     wrong, its worst element, and a hint ("a factor 2 is missing", "a missing ReLU mask").
import { defineCheck, randn, type Tensor } from "gradlens";

const N = 64, D_in = 1000, H = 100, D_out = 10;
const x = randn([N, D_in], { seed: 1 });
const y = randn([N, D_out], { seed: 2 });

export const twoLayer = defineCheck({
  inputs: { w1: randn([D_in, H], { seed: 3 }), w2: randn([H, D_out], { seed: 4 }) },
  // 101,000 weights: an element-by-element check would need 202,000 forward passes. `auto` compares
  // directional derivatives along random directions, plus a sample of single elements.
  mode: "auto",
  forward: ({ w1, w2 }) => {
    const h = x.mm(w1);
    const h_relu = h.clamp({ min: 0 });
    const y_pred = h_relu.mm(w2);
    const loss = y_pred.sub(y).pow(2).sum();
    return loss;
  },
  manualGrads: ({ w1, w2 }) => {
    // The backward pass needs the forward values, so compute them again.
    const h = x.mm(w1);
    const h_relu = h.clamp({ min: 0 });
    const y_pred = h_relu.mm(w2);

    // loss = Σ (y_pred − y)²  ⇒  dloss/dy_pred = 2·(y_pred − y)                      [64, 10]
    const grad_y_pred = y_pred.sub(y).mul(2);
    // y_pred = h_relu·w2  ⇒  dw2 = h_reluᵀ·grad_y_pred: [100, 64]·[64, 10] → [100, 10]
    const grad_w2 = h_relu.t().mm(grad_y_pred);
    // ... and d(h_relu) = grad_y_pred·w2ᵀ: [64, 10]·[10, 100] → [64, 100]
    const grad_h_relu = grad_y_pred.mm(w2.t());
    // clamp(min = 0) lets the gradient through where h >= 0 and blocks it where h < 0.
    const grad_h = grad_h_relu.mul(h.ge(0));
    // h = x·w1  ⇒  dw1 = xᵀ·grad_h: [1000, 64]·[64, 100] → [1000, 100]
    const grad_w1 = x.t().mm(grad_h);
    return { w1: grad_w1, w2: grad_w2 };
  },
});

// The three-layer version. Its backward pass repeats one step per layer, from the back to the front:
// for a layer `out = inp·w`,
//   grad_w   = inpᵀ·grad_out   (how the loss changes with this layer's weights)
//   grad_inp = grad_out·wᵀ     (what is handed on to the layer below)
// and behind each ReLU the gradient is masked where the ReLU's input was negative.
// Smaller sizes (16 samples, 20 → 12 → 8 → 4) so that gradlens checks every single weight numerically.
const xs = randn([16, 20], { seed: 11 });
const ys = randn([16, 4], { seed: 12 });

// The forward values, which the backward pass needs as well.
function threeLayerForward(w1: Tensor, w2: Tensor, w3: Tensor) {
  const h1 = xs.mm(w1);
  const h1_relu = h1.clamp({ min: 0 });
  const h2 = h1_relu.mm(w2);
  const h2_relu = h2.clamp({ min: 0 });
  const y_pred = h2_relu.mm(w3);
  return { h1, h1_relu, h2, h2_relu, y_pred };
}

export const threeLayer = defineCheck({
  inputs: { w1: randn([20, 12], { seed: 13 }), w2: randn([12, 8], { seed: 14 }), w3: randn([8, 4], { seed: 15 }) },
  forward: ({ w1, w2, w3 }) => {
    const { y_pred } = threeLayerForward(w1, w2, w3);
    return y_pred.sub(ys).pow(2).sum();
  },
  manualGrads: ({ w1, w2, w3 }) => {
    const { h1, h1_relu, h2, h2_relu, y_pred } = threeLayerForward(w1, w2, w3);
    const grad_y_pred = y_pred.sub(ys).mul(2);
    // output layer: y_pred = h2_relu·w3
    const grad_w3 = h2_relu.t().mm(grad_y_pred);
    const grad_h2 = grad_y_pred.mm(w3.t()).mul(h2.ge(0));
    // the new middle layer: h2 = h1_relu·w2
    const grad_w2 = h1_relu.t().mm(grad_h2);
    const grad_h1 = grad_h2.mm(w2.t()).mul(h1.ge(0));
    // first layer: h1 = xs·w1
    const grad_w1 = xs.t().mm(grad_h1);
    return { w1: grad_w1, w2: grad_w2, w3: grad_w3 };
  },
});
