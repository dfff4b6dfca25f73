// e2e fixture: a forward pass that never returns. The runner must stop it at its timeout and say so,
// and the editor must stay usable meanwhile (the model runs in a worker thread, not in the extension host).
import { randn, defineCheck } from "gradlens";

export const spins = defineCheck({
  inputs: { w: randn([2, 2], { seed: 1 }) },
  forward: ({ w }) => {
    // a plain spin: it allocates nothing, so only the timeout can end it (not the memory budget)
    for (;;) if (w.shape.length < 0) return w.sum();
  },
});
