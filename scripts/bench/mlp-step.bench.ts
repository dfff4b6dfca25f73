// The classic two-layer step (N=64, D_in=1000, H=100, D_out=10): forward
// x.mm(w1).clamp({min: 0}).mm(w2).sub(y).pow(2).sum(), then backward to w1 and w2.
// gradlens in float64 against TensorFlow.js in float32 on its WebAssembly backend (single-threaded: the threaded
// build does not run in Node 20) and on its plain JS CPU backend. Every case ends with its gradients readable
// from JS (tfjs: dataSync), as a gradient checker needs them.
// Each timed step follows an untimed one of the same case, as in a training loop: interleaving the cases would
// otherwise time every step with caches the other engines' steps just filled (tfjs-cpu's step alone is ~70 ms).
import * as tf from "@tensorflow/tfjs-core";
// tfjs-core's Node build registers no gradients: tf.grads needs them all.
import "@tensorflow/tfjs-core/dist/register_all_gradients";
// The package entry is marked side-effect free for the Node build; dist/index registers the backend.
import "@tensorflow/tfjs-backend-cpu/dist/index";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { join } from "node:path";
import { randn } from "../../src/engine/index";
import type { BenchCase } from "./harness";

const N = 64, D_IN = 1000, H = 100, D_OUT = 10;
const group = "mlp-step";

function gradlensCase(): BenchCase {
  const x = randn([N, D_IN], { seed: 1 });
  const y = randn([N, D_OUT], { seed: 2 });
  const w1 = randn([D_IN, H], { seed: 3, requiresGrad: true });
  const w2 = randn([H, D_OUT], { seed: 4, requiresGrad: true });
  const step = () => x.mm(w1).clamp({ min: 0 }).mm(w2).sub(y).pow(2).sum().backward();
  return {
    name: "mlp-step-f64", group, vs: ["tfjs-wasm-f32", "tfjs-cpu-f32"],
    // A fresh step each time, as a training loop that zeroes its gradients.
    before: () => {
      step();
      w1.grad = null;
      w2.grad = null;
    },
    run: () => step(),
  };
}

let wasmPathsSet = false;

function tfjsCase(backend: "wasm" | "cpu"): BenchCase {
  let step: (() => tf.Tensor[]) | undefined;
  const run = () => {
    const gs = step!();
    for (const g of gs) g.dataSync();
    tf.dispose(gs);
  };
  return {
    name: `tfjs-${backend}-f32`, group,
    setup: async () => {
      if (backend === "wasm" && !wasmPathsSet) {
        // The .wasm files ship in the package: load them from disk, never from the network. This file runs
        // bundled as out/bench/bench.js, two levels below the repository root.
        setWasmPaths(join(__dirname, "..", "..", "node_modules", "@tensorflow", "tfjs-backend-wasm", "dist") + "/");
        tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
        wasmPathsSet = true;
      }
      if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`);
      // Tensors belong to the backend that made them: these stay on this case's backend.
      const x = tf.randomNormal([N, D_IN], 0, 1, "float32", 1);
      const y = tf.randomNormal([N, D_OUT], 0, 1, "float32", 2);
      const w1 = tf.randomNormal([D_IN, H], 0, 1, "float32", 3);
      const w2 = tf.randomNormal([H, D_OUT], 0, 1, "float32", 4);
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.square(tf.sub(tf.matMul(tf.relu(tf.matMul(x, a)), b), y))));
      step = () => grads([w1, w2]);
    },
    before: async () => {
      if (tf.getBackend() !== backend) await tf.setBackend(backend);
      run();
    },
    run,
  };
}

export const cases: BenchCase[] = [gradlensCase(), tfjsCase("wasm"), tfjsCase("cpu")];
