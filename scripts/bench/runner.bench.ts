// The runner's cost: what running a model file in a fresh worker adds to checking it in-process (transpile,
// worker start, capture with source lines), on a tiny model (the fixed cost: the budget is 100 ms), on
// the contract's two-layer net in auto mode, and on a module-level training loop of small tensors. And the CLI
// end to end on that net, from process start to exit, as a child process (issue 4's target: under 1 s), beside
// `node -e 0` (Node's own start, the floor of any CLI) and the same check in-process. The runner's client, its
// workers and the CLI are dist/'s bundles, the ones the extension ships, which scripts/bench.mjs builds first.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { defineCheck, randn } from "../../src/engine/index";
import { checkModel } from "../../src/gradcheck";
import type { runFile as RunFile } from "../../src/runner/client";
import { big as mlp } from "./gradcheck.bench";
import type { BenchCase } from "./harness";

const root = process.cwd();
const requireHere = createRequire(join(root, "package.json"));
const fixture = (name: string) => join(root, "test", "fixtures", name);
const dist = (name: string) => join(root, "dist", name);

let runFile: typeof RunFile | undefined;
/** Loads the runner's client from dist/ (its default worker is dist/worker.js, beside it). */
function setup(): void {
  runFile ??= (requireHere(dist("client.js")) as { runFile: typeof RunFile }).runFile;
}

async function runOk(file: string, check?: string): Promise<void> {
  const { report } = await runFile!(file, { check });
  if (!report.ok) throw new Error(`${file} did not pass: ${JSON.stringify(report.error ?? report.checks.map((c) => c.error))}`);
}

// The same checks as the fixtures, built in this process (the two-layer net is gradcheck.bench.ts's).
const tiny = defineCheck({ inputs: { w: randn([3], { seed: 2 }) }, forward: ({ w }) => w.mul(w).sum() });
/** small-loop.ts in this process: 3000 module-level steps of four ops each, then its check. */
function smallLoop(): void {
  const x = randn([8, 8], { seed: 1 });
  let w = randn([8, 8], { seed: 2 });
  for (let step = 0; step < 3000; step++) w = w.sub(x.mm(w).clamp({ min: 0 }).mul(1e-3));
  checkModel("loop", defineCheck({ inputs: { w }, forward: (inputs) => x.mm(inputs.w).sum() }), {});
}

/** Runs node with `args` to its exit; a non-zero exit status fails the bench. */
const child = (args: string[]) => new Promise<void>((resolve, reject) => {
  const p = spawn(process.execPath, args, { stdio: "ignore" });
  p.on("error", reject);
  p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`node ${args.join(" ")} exited with ${code}`))));
});
const cli = (...args: string[]) => child([dist("cli.js"), "check", fixture("contract-mlp.ts"), ...args]);

export const cases: BenchCase[] = [
  { name: "runner-file-tiny", group: "runner-fixed", vs: ["runner-inprocess-tiny"], setup, run: () => runOk(fixture("throws.ts"), "fine") },
  { name: "runner-inprocess-tiny", group: "runner-fixed", run: () => void checkModel("fine", tiny, {}) },
  { name: "runner-file-mlp-auto", group: "runner-mlp", vs: ["runner-inprocess-mlp-auto"], setup, run: () => runOk(fixture("contract-mlp.ts")) },
  { name: "runner-inprocess-mlp-auto", group: "runner-mlp", run: () => void checkModel("twoLayer", mlp, {}) },
  // A module-level loop: the runner notes where each op was made (for lines and labels), at a cost per op.
  { name: "runner-file-loop", group: "runner-loop", vs: ["runner-inprocess-loop"], setup, run: () => runOk(fixture("small-loop.ts")) },
  { name: "runner-inprocess-loop", group: "runner-loop", run: smallLoop },
  { name: "cli-mlp-auto", group: "cli-mlp", vs: ["cli-node-start", "cli-inprocess-mlp-auto"], setup, run: () => cli() },
  { name: "cli-mlp-auto-json", group: "cli-mlp", vs: ["cli-mlp-auto"], setup, run: () => cli("--json") },
  { name: "cli-node-start", group: "cli-mlp", run: () => child(["-e", "0"]) },
  { name: "cli-inprocess-mlp-auto", group: "cli-mlp", run: () => void checkModel("twoLayer", mlp, {}) },
];
