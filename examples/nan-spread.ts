// A NaN that starts in one op and spreads.
//
// Once one element is NaN, every op that reads it produces NaN as well, and then the loss (often the gradients too).
// By the time you print the loss, NaN is everywhere and the place where it started is lost.
// gradlens watches each op during the run and reports only the FIRST op that produced a NaN from inputs
// that had none, with its line: that is where to look.
//
// Here the "probability" p = x·w is a linear score that was never squashed into (0, 1) by a sigmoid.
// For the first and third examples it is negative (−0.3 and −0.4), and log of a negative number is NaN.
// The NaN then passes through mul, add, neg and sum into the loss; those ops are not blamed. The numerical
// gradient of w is NaN as well (every perturbed loss is NaN), so the gradient check cannot pass either.
// Fix: p = x.mm(w).sigmoid() (or better, compute the loss from logits with logSoftmax).
//
// Expected verdict: fails (exit 1). Check `nanSpread` not ok, with `nan` diagnostics only at the line of
// `p.log()` (the first op that made one), naming `log`.
import { defineCheck, tensor } from "gradlens";

const x = tensor([[0.2, 0.5], [0.9, 0.1], [0.4, 0.8]]);
const y = tensor([[1], [0], [1]]);

export const nanSpread = defineCheck({
  inputs: { w: tensor([[1], [-1]]) },
  forward: ({ w }) => {
    const p = x.mm(w); // (−0.3, 0.8, −0.4): not a probability
    const log_p = p.log();
    const log_not_p = p.neg().add(1).log(); // 1 − p = (1.3, 0.2, 1.4): fine
    const likelihood = y.mul(log_p).add(y.neg().add(1).mul(log_not_p));
    const loss = likelihood.neg().sum();
    return loss;
  },
});
