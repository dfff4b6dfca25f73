// The output delta of a sigmoid output layer, and which formula goes with which loss.
//
// The output delta is δ = dloss/dz, the gradient at the pre-activation z of the output unit, a = σ(z).
// By the chain rule δ = dloss/da · σ′(z), with σ′(z) = a·(1 − a). Then it depends on the loss:
//   squared error  ½·Σ (a − y)²:                    dloss/da = a − y                 ⇒ δ = (a − y)·σ′(z)
//   cross-entropy −Σ [y·log a + (1 − y)·log(1 − a)]: dloss/da = (a − y) / (a·(1 − a)) ⇒ δ = a − y
// With cross-entropy the σ′(z) cancels. That is why it learns fast even when the sigmoid saturates, and why
// carrying the squared-error formula over to a cross-entropy loss is a classic bug: the delta keeps an
// extra σ′(z) factor and shrinks towards 0 exactly where the network is most wrong.
// (In a whole network, z = a_prev·W + b and dW = a_prevᵀ·δ follows from δ; see delta-rule.ts.)
//
// Expected verdict: fails (exit 1), on purpose, in one check:
//   `crossEntropyDelta` ok: δ = a − y matches autograd.
//   `squaredErrorDelta` ok: δ = (a − y)·σ′(z) matches autograd.
//   `wrongDelta` fails: cross-entropy loss with the squared-error delta. The manual gradient of z does not
//   match (manual-grad-mismatch) and gradlens hints at the extra activation-derivative factor.
import { defineCheck, tensor, type Tensor } from "gradlens";

// Eight examples' logits and their 0/1 labels; some logits are large, where σ′(z) is tiny.
const logits = () => tensor([[-4], [-1.5], [-0.2], [0.3], [1], [2.5], [4], [-3]]);
const y = tensor([[1], [0], [1], [0], [1], [0], [1], [0]]);

const sigmoidPrime = (a: Tensor) => a.mul(a.neg().add(1));
const squaredError = (a: Tensor) => a.sub(y).pow(2).mul(0.5).sum();
function crossEntropy(a: Tensor) {
  const logA = a.log();
  const logOneMinusA = a.neg().add(1).log();
  return y.mul(logA).add(y.neg().add(1).mul(logOneMinusA)).neg().sum();
}

// One check per (loss, delta) pair: the input is the logit z itself, so the manual gradient of z is the delta.
function outputDeltaCheck(loss: (a: Tensor) => Tensor, delta: (a: Tensor) => Tensor) {
  return defineCheck({
    inputs: { z: logits() },
    forward: ({ z }) => loss(z.sigmoid()),
    manualGrads: ({ z }) => ({ z: delta(z.sigmoid()) }),
  });
}

export const crossEntropyDelta = outputDeltaCheck(crossEntropy, (a) => a.sub(y));
export const squaredErrorDelta = outputDeltaCheck(squaredError, (a) => a.sub(y).mul(sigmoidPrime(a)));
// The bug: a cross-entropy loss, but the delta of the squared-error loss. It should be a − y: σ′(z) cancels.
export const wrongDelta = outputDeltaCheck(crossEntropy, (a) => a.sub(y).mul(sigmoidPrime(a)));
