// An LSTM unrolled over time, and truncated backpropagation through time (BPTT) with `detach()`.
//
// Unrolled, a recurrent network is just a deep graph whose layers share weights: the same source line makes
// one node per time step (the graph panel folds them into one node marked ×6). Backprop through the unrolled
// graph is exact BPTT: the gradient of W adds up the contributions of every step, through every later state.
//
// Truncated BPTT cuts the graph every k steps with `h.detach()` and `c.detach()`: the forward values do not
// change at all, but gradients no longer flow back past a cut. It is cheaper, and it is an approximation.
// gradlens makes the difference visible, because its numerical check differentiates what `forward` computes,
// which is the same with or without the cuts:
//   - `fullBptt`: autograd equals the numerical gradient.
//   - `truncatedBptt`: the gradients of W and b (which act through the recurrence) differ from the true ones;
//     maxRelError in the report says by how much. The output weights wy act on each step directly, nothing
//     of their gradient crosses a cut, and they still pass.
//
// Expected verdict: fails (exit 1), on purpose, in `truncatedBptt` only: `fullBptt` ok on W, b, wy;
// `truncatedBptt` not ok on W and b, ok on wy.
import { concat, defineCheck, randn, tensor, zeros, type Tensor } from "gradlens";

const T = 6, I = 2, H = 3; // time steps, input size, hidden size
const xs = randn([T, I], { seed: 31 });
const ys = randn([T, 1], { seed: 32 });

type Params = { W: Tensor; b: Tensor; wy: Tensor };

// One LSTM step; the four gates come out of one matrix product, H columns each.
function lstmStep(x_t: Tensor, h: Tensor, c: Tensor, { W, b }: Params) {
  const gates = concat([x_t, h], 1).mm(W).add(b); // [1, 4H]
  const input_gate = gates.slice(0, H, 1).sigmoid();
  const forget_gate = gates.slice(H, 2 * H, 1).sigmoid();
  const output_gate = gates.slice(2 * H, 3 * H, 1).sigmoid();
  const candidate = gates.slice(3 * H, 4 * H, 1).tanh();
  const c_next = forget_gate.mul(c).add(input_gate.mul(candidate));
  const h_next = output_gate.mul(c_next.tanh());
  return { h: h_next, c: c_next };
}

// The squared error of a prediction at every step, summed over time.
// With `truncateEvery = k` the state is detached every k steps.
function sequenceLoss(params: Params, truncateEvery?: number) {
  let h = zeros([1, H]);
  let c = zeros([1, H]);
  let loss = tensor(0);
  for (let t = 0; t < T; t++) {
    if (truncateEvery !== undefined && t > 0 && t % truncateEvery === 0) {
      h = h.detach(); // the cut: same values, no gradient path back to earlier steps
      c = c.detach();
    }
    ({ h, c } = lstmStep(xs.slice(t, t + 1, 0), h, c, params));
    const y_pred = h.mm(params.wy);
    loss = loss.add(y_pred.sub(ys.slice(t, t + 1, 0)).pow(2).sum());
  }
  return loss;
}

const weights = () => ({
  W: randn([I + H, 4 * H], { seed: 33 }),
  b: randn([4 * H], { seed: 34 }),
  wy: randn([H, 1], { seed: 35 }),
});

export const fullBptt = defineCheck({
  inputs: weights(),
  forward: (params) => sequenceLoss(params),
});

export const truncatedBptt = defineCheck({
  inputs: weights(),
  forward: (params) => sequenceLoss(params, 2),
});
