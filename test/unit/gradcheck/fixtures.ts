// Small models the gradcheck tests share: a right two-layer net and custom ops with right and wrong backwards.
import { Tensor, customOp, defineCheck, ones, randn } from "../../../src/engine/internal";

/** x·y with a hand-written backward; `slip` makes it give dy = y·dz (the classic slip) instead of x·dz. */
function multiplyOp(name: string, slip: boolean) {
  return customOp({
    name,
    forward(ctx, x: Tensor, y: Tensor) {
      ctx.saveForBackward(x, y);
      return x.mul(y);
    },
    backward(ctx, dz: Tensor) {
      const [x, y] = ctx.saved;
      return [y.mul(dz), (slip ? y : x).mul(dz)];
    },
  });
}

export const Multiply = multiplyOp("Multiply", false);
export const BadMultiply = multiplyOp("BadMultiply", true);

/** x² whose backward is right everywhere but at flat index `wrong`, where it is `factor` (3) times too big. */
export function squareWrongAt(wrong: number, factor = 3) {
  return customOp({
    name: "SquareWrongAt",
    forward(ctx, x: Tensor) {
      ctx.saveForBackward(x);
      return x.mul(x);
    },
    backward(ctx, dz: Tensor) {
      const [x] = ctx.saved;
      const scale = ones([...x.shape]).data;
      scale[wrong] = factor;
      return x.mul(2).mul(dz).mul(Tensor.fromData(scale, [...x.shape]));
    },
  });
}

export const x = randn([16, 5], { seed: 11 });
export const y = randn([16, 3], { seed: 12 });

/** The contract's two-layer net, small: (relu(x·w1)·w2 − y)² summed. */
export const twoLayerForward = ({ w1, w2 }: { w1: Tensor; w2: Tensor }) =>
  x.mm(w1).clamp({ min: 0 }).mm(w2).sub(y).pow(2).sum();

export const twoLayerInputs = () => ({ w1: randn([5, 4], { seed: 13 }), w2: randn([4, 3], { seed: 14 }) });

export const twoLayer = defineCheck({ inputs: twoLayerInputs(), forward: twoLayerForward });
