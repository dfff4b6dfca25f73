// Test helper: TensorFlow.js (CPU backend) as an independent reference engine.
// Its npm "main" build does not register gradients and its ESM build imports without file extensions, so we
// bundle the ESM sources (core, CPU backend, register_all_gradients: one shared engine instance) with esbuild
// from node_modules at test time — offline — and load the result as a CommonJS module.
import assert from "node:assert/strict";
import { buildSync } from "esbuild";
import { randn, type Tensor } from "../../../src/engine/index";

export type Tf = typeof import("@tensorflow/tfjs-core");
type TfTensor = import("@tensorflow/tfjs-core").Tensor;

let loaded: Promise<Tf> | undefined;

export function loadTfjs(): Promise<Tf> {
  loaded ??= (async () => {
    const { outputFiles } = buildSync({
      stdin: {
        contents: 'export * from "@tensorflow/tfjs-core"; import "@tensorflow/tfjs-backend-cpu"; import "@tensorflow/tfjs-core/dist/register_all_gradients";',
        resolveDir: process.cwd(),
      },
      bundle: true, platform: "node", format: "cjs", write: false, mainFields: ["module", "main"], logLevel: "error",
    });
    const mod = { exports: {} as Tf };
    const warn = console.warn;
    console.warn = () => {}; // tfjs advertises its native Node backend on load
    try {
      new Function("module", "exports", "require", outputFiles[0].text)(mod, mod.exports, require);
      await mod.exports.setBackend("cpu");
    } finally {
      console.warn = warn;
    }
    return mod.exports;
  })();
  return loaded;
}

let seed = 5000;

/**
 * Runs `ours` and `theirs` on the same random inputs and checks the forward values and the gradients of
 * Σ out ⊙ R (fixed random R) agree to float32 accuracy (tfjs computes in float32).
 */
export async function assertMatchesTfjs(
  ours: (...xs: Tensor[]) => Tensor,
  theirs: (tf: Tf, ...xs: TfTensor[]) => TfTensor,
  shapes: number[][],
  tol = 2e-4,
): Promise<void> {
  const tf = await loadTfjs();
  const inputs = shapes.map((s) => randn(s, { seed: seed++, requiresGrad: true }));
  const out = ours(...inputs);
  const weights = randn([...out.shape], { seed: seed++ });
  out.mul(weights).sum().backward();

  const tfInputs = inputs.map((t) => tf.tensor(Float32Array.from(t.data), [...t.shape]));
  const tfWeights = tf.tensor(Float32Array.from(weights.data), [...weights.shape]);
  const tfOut = theirs(tf, ...tfInputs);
  const tfGrads = tf.grads((...xs: TfTensor[]) => tf.sum(tf.mul(theirs(tf, ...xs), tfWeights)))(tfInputs);

  const near = (what: string, a: ArrayLike<number>, b: ArrayLike<number>): void => {
    assert.equal(a.length, b.length, `${what}: ${a.length} values, tfjs ${b.length}`);
    for (let i = 0; i < a.length; i++) {
      assert.ok(Math.abs(a[i] - b[i]) <= tol * (1 + Math.abs(b[i])), `${what}[${i}]: gradlens ${a[i]}, tfjs ${b[i]}`);
    }
  };
  assert.deepEqual([...out.shape], tfOut.shape, "output shape");
  near("output", out.data, tfOut.dataSync());
  inputs.forEach((t, k) => near(`gradient of input ${k}`, t.grad!.data, tfGrads[k].dataSync()));
}
