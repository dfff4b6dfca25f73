// The gradient checker against the naive elementwise check a user would write (fresh tensors per perturbation,
// the graph built on every forward), in the same process. Two groups:
//   gradcheck-101k: the contract's two-layer net (N=64, D_in=1000, H=100, D_out=10; 101,000 parameters).
//     `auto` checks the whole net; the naive check of all 202,000 forward passes would take minutes, so its case
//     checks NAIVE_ELEMENTS elements: the whole naive check costs 101,000 / NAIVE_ELEMENTS times its median.
//   gradcheck-1000: a 1,000-parameter net, `full` (every element) against the naive check of every element.
import { type CheckSpec, Tensor, defineCheck, randn } from "../../src/engine/internal";
import { checkModel } from "../../src/gradcheck";
import type { BenchCase } from "./harness";

const NAIVE_ELEMENTS = 20;

function twoLayerNet(n: number, dIn: number, h: number, dOut: number): CheckSpec {
  const x = randn([n, dIn], { seed: 1 });
  const y = randn([n, dOut], { seed: 2 });
  return defineCheck({
    inputs: { w1: randn([dIn, h], { seed: 3 }), w2: randn([h, dOut], { seed: 4 }) },
    forward: ({ w1, w2 }) => x.mm(w1).clamp({ min: 0 }).mm(w2).sub(y).pow(2).sum(),
  });
}

/** The textbook check: per element, copy every input, nudge one value, rebuild the graph, read the loss. */
function naiveCheck(spec: CheckSpec, elementsPerInput: number, eps = 1e-6): number {
  const names = Object.keys(spec.inputs);
  const leaves = (nudge?: { name: string; flat: number; by: number }) =>
    Object.fromEntries(names.map((n) => {
      const t = spec.inputs[n];
      const data = Float64Array.from(t.data);
      if (nudge?.name === n) data[nudge.flat] += nudge.by;
      return [n, new Tensor(data, [...t.shape], true)];
    }));
  const analytic = leaves();
  spec.forward(analytic).sum().backward();
  let worst = 0;
  for (const name of names) {
    for (let flat = 0; flat < Math.min(elementsPerInput, spec.inputs[name].size); flat++) {
      const plus = spec.forward(leaves({ name, flat, by: eps })).sum().item();
      const minus = spec.forward(leaves({ name, flat, by: -eps })).sum().item();
      worst = Math.max(worst, Math.abs((plus - minus) / (2 * eps) - analytic[name].grad!.data[flat]));
    }
  }
  return worst;
}

/** The contract's two-layer net (the fixture test/fixtures/contract-mlp.ts), also checked in-process by runner.bench.ts. */
export const big = twoLayerNet(64, 1000, 100, 10);
const small = twoLayerNet(16, 20, 40, 5);

export const cases: BenchCase[] = [
  { name: "gradcheck-auto-101k", group: "gradcheck-101k", vs: [`naive-${NAIVE_ELEMENTS}-elements-of-101k`],
    run: () => void checkModel("twoLayer", big, { mode: "auto" }) },
  { name: `naive-${NAIVE_ELEMENTS}-elements-of-101k`, group: "gradcheck-101k",
    run: () => void naiveCheck(big, NAIVE_ELEMENTS / 2) },
  { name: "gradcheck-full-1000", group: "gradcheck-1000", vs: ["naive-full-1000"],
    run: () => void checkModel("small", small, { mode: "full" }) },
  { name: "naive-full-1000", group: "gradcheck-1000", run: () => void naiveCheck(small, Infinity) },
];
