// Max pooling with ties: which element gets the gradient?
//
// Max pooling routes each window's gradient to the element that was the maximum; the others get 0.
// When two elements of a window tie for the maximum, there is no derivative: nudging one up makes it the
// winner, nudging it down hands the win to the other. Numerical differentiation averages the two sides and gives
// each tied element half, while autograd must pick one. gradlens (like PyTorch) sends the whole gradient to
// the FIRST maximal element in row-major order, leaves the tied elements out of the numerical verdict, and
// says so with a `tie` diagnostic at the pooling line.
//
// Input (one image, one channel, 4×4), pooled with 2×2 windows:
//   1 3 | 2 2        window top-left:     3 and 3 tie       → gradient to (0, 1), the first in row-major order
//   3 0 | 2 1        window top-right:    three 2s tie      → gradient to (0, 2)
//   ----+----
//   5 4 | 0 0        window bottom-left:  5 and 5 tie       → gradient to (2, 0)
//   4 5 | 0 0        window bottom-right: four 0s tie       → gradient to (2, 2)
// The loss weighs the pooled outputs by (1, 2; 3, 4), so those four elements receive 1, 2, 3 and 4.
// `max(dim)` follows the same rule, shown in the second check.
//
// Expected verdict: passes (exit 0). Checks `pooling` and `rowMax` ok, each with a `tie` diagnostic at its
// maxPool2d / max line; the manual gradients (first maximal element wins) ok.
import { defineCheck, maxPool2d, tensor } from "gradlens";

const image = () =>
  tensor([[[
    [1, 3, 2, 2],
    [3, 0, 2, 1],
    [5, 4, 0, 0],
    [4, 5, 0, 0],
  ]]]);
const windowWeights = tensor([[[[1, 2], [3, 4]]]]);

export const pooling = defineCheck({
  inputs: { x: image() },
  forward: ({ x }) => {
    const pooled = maxPool2d(x, 2);
    return pooled.mul(windowWeights).sum();
  },
  manualGrads: () => ({
    x: tensor([[[
      [0, 1, 2, 0],
      [0, 0, 0, 0],
      [3, 0, 4, 0],
      [0, 0, 0, 0],
    ]]]),
  }),
});

// The largest score of each row: row 0 ties between columns 1 and 2, row 1 between columns 0 and 1.
export const rowMax = defineCheck({
  inputs: { scores: tensor([[2, 7, 7], [1, 1, 0]]) },
  forward: ({ scores }) => {
    const best = scores.max(1);
    return best.mul(tensor([1, 10])).sum();
  },
  manualGrads: () => ({ scores: tensor([[0, 1, 0], [10, 0, 0]]) }),
});
