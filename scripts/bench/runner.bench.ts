// The runner's cost: what running a model file in a fresh worker adds to checking it in-process (transpile,
// worker start, capture with source lines), on a tiny model (the fixed cost: the budget is 100 ms) and on
// the contract's two-layer net in auto mode. esbuild cannot be bundled (it runs its native binary), so setup
// bundles the runner's client and worker into out/bench/ with esbuild loaded from node_modules at run time.
import { createRequire } from "node:module";
import { join } from "node:path";
import { defineCheck, randn } from "../../src/engine/index";
import { checkModel } from "../../src/gradcheck";
import type { runFile as RunFile } from "../../src/runner/client";
import type { BenchCase } from "./harness";

const root = process.cwd();
const requireHere = createRequire(join(root, "package.json"));
const fixture = (name: string) => join(root, "test", "fixtures", name);
const out = (name: string) => join(root, "out", "bench", name);

let runFile: typeof RunFile | undefined;
async function setup(): Promise<void> {
  if (runFile) return;
  const esbuild = requireHere("esbuild") as typeof import("esbuild");
  const common: import("esbuild").BuildOptions = {
    bundle: true, platform: "node", format: "cjs", target: "node20", logLevel: "warning", external: ["esbuild"],
  };
  await esbuild.build({ ...common, entryPoints: [join(root, "src", "runner", "worker.ts")], outfile: out("worker.js") });
  await esbuild.build({ ...common, entryPoints: [join(root, "src", "runner", "client.ts")], outfile: out("runner-client.js") });
  runFile = (requireHere(out("runner-client.js")) as { runFile: typeof RunFile }).runFile;
}

async function runOk(file: string, check?: string): Promise<void> {
  const { report } = await runFile!(file, { workerPath: out("worker.js"), check });
  if (!report.ok) throw new Error(`${file} did not pass: ${JSON.stringify(report.error ?? report.checks.map((c) => c.error))}`);
}

// The same checks as the fixtures, built in this process.
const tiny = defineCheck({ inputs: { w: randn([3], { seed: 2 }) }, forward: ({ w }) => w.mul(w).sum() });
const x = randn([64, 1000], { seed: 1 });
const y = randn([64, 10], { seed: 2 });
const mlp = defineCheck({
  inputs: { w1: randn([1000, 100], { seed: 3 }), w2: randn([100, 10], { seed: 4 }) },
  forward: ({ w1, w2 }) => x.mm(w1).clamp({ min: 0 }).mm(w2).sub(y).pow(2).sum(),
});

export const cases: BenchCase[] = [
  { name: "runner-file-tiny", group: "runner-fixed", vs: ["runner-inprocess-tiny"], setup, run: () => runOk(fixture("throws.ts"), "fine") },
  { name: "runner-inprocess-tiny", group: "runner-fixed", run: () => void checkModel("fine", tiny, {}) },
  { name: "runner-file-mlp-auto", group: "runner-mlp", vs: ["runner-inprocess-mlp-auto"], setup, run: () => runOk(fixture("contract-mlp.ts")) },
  { name: "runner-inprocess-mlp-auto", group: "runner-mlp", run: () => void checkModel("twoLayer", mlp, {}) },
];
