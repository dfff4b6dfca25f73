// relu versus clamp(min = 0) when a pre-activation is exactly 0.
//
// relu(h) and h.clamp({ min: 0 }) give the same values, but at h = 0 exactly (the kink) they differ in gradient,
// following PyTorch: relu′(0) = 0, while clamp passes the gradient wherever min ≤ h, so clamp′(0) = 1.
// Neither is "the" derivative: there is none at a kink. Numerical differentiation averages the two sides and
// gets ½, so a naive gradient check fails at exactly these elements, whichever convention is used.
//
// Here x = (1, −1, 2) and the first column of w is (0.5, 0.5, 0), so h[0] = 0.5 − 0.5 + 0 = 0 exactly.
// gradlens notices that the input of relu/clamp sits on the kink, leaves the elements whose perturbation
// crosses it out of the verdict, and explains it with a `kink` diagnostic at the relu/clamp line.
// The manual gradients below spell out each convention; they differ only in the kink column.
//
// Expected verdict: passes (exit 0). Checks `withRelu` and `withClamp` both ok, each with a `kink` diagnostic
// at the line of its relu / clamp; manual gradients ok for both (so relu′(0) = 0 and clamp′(0) = 1).
import { defineCheck, tensor } from "gradlens";

const x = tensor([[1, -1, 2]]);
const firstWeights = () =>
  tensor([
    [0.5, 1, -1],
    [0.5, -1, 0],
    [0, 0.5, 0],
  ]); // h = x·w = (0, 3, −1): on the kink, positive, negative
const v = tensor([[2], [1], [3]]); // output weights: dloss/dh_act = (2, 1, 3)

export const withRelu = defineCheck({
  inputs: { w: firstWeights() },
  forward: ({ w }) => {
    const h = x.mm(w);
    const h_act = h.relu();
    return h_act.mm(v).sum();
  },
  // dloss/dh = (2, 1, 3) masked by relu′(h) = (0, 1, 0); dloss/dw = xᵀ·dloss/dh
  manualGrads: () => ({
    w: tensor([
      [0, 1, 0],
      [0, -1, 0],
      [0, 2, 0],
    ]),
  }),
});

export const withClamp = defineCheck({
  inputs: { w: firstWeights() },
  forward: ({ w }) => {
    const h = x.mm(w);
    const h_act = h.clamp({ min: 0 });
    return h_act.mm(v).sum();
  },
  // the mask is now clamp′(h) = (1, 1, 0): the kink column passes its gradient 2 through
  manualGrads: () => ({
    w: tensor([
      [2, 1, 0],
      [-2, -1, 0],
      [4, 2, 0],
    ]),
  }),
});
