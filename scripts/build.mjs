// Builds every bundle into dist/: the extension host, the runner's worker, the CLI and the webview.
// Usage: node scripts/build.mjs
import * as esbuild from "esbuild";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import buildWasm from "./build-wasm.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = (p) => join(root, "src", p);
const dist = (p) => join(root, "dist", p);

// The WebAssembly kernels are generated sources: compile them from .wat before bundling.
await buildWasm();

// esbuild (the runner's transpiler) runs a native binary it finds through its own package: it cannot be bundled.
const node = {
  bundle: true, platform: "node", format: "cjs", target: "node20", sourcemap: "linked", logLevel: "warning", external: ["esbuild"],
};
const builds = [
  { ...node, entryPoints: [src("extension/extension.ts")], outfile: dist("extension.js"), external: ["vscode", "esbuild"] },
  // The runner's host side on its own: the extension loads it on the first run, keeping activation a few ms.
  { ...node, entryPoints: [src("runner/client.ts")], outfile: dist("client.js") },
  { ...node, entryPoints: [src("runner/worker.ts")], outfile: dist("worker.js") },
  // The run's own process: forked per run by the client, it starts worker.js and watches it (never runs user code).
  { ...node, entryPoints: [src("runner/supervisor.ts")], outfile: dist("run-process.js") },
  // Graph labels are parsed in a worker of their own, so neither the extension host nor the CLI ever loads the
  // TypeScript compiler on their thread. labels-parser.js is the only bundle carrying it (10 MB); the worker loads it
  // with V8's code cache (written beside it as labels-parser.js.cache, which the .vsix leaves out).
  { ...node, entryPoints: [src("runner/labels-worker.ts")], outfile: dist("labels-worker.js") },
  { ...node, entryPoints: [src("runner/parse-labels.ts")], outfile: dist("labels-parser.js") },
  { ...node, entryPoints: [src("cli/main.ts")], outfile: dist("cli.js") },
  {
    bundle: true, platform: "browser", format: "iife", target: "es2022", logLevel: "warning", minify: true,
    entryPoints: [src("webview/main.ts")], outfile: dist("webview/panel.js"),
  },
];

mkdirSync(dist(""), { recursive: true });
await Promise.all(builds.map((b) => esbuild.build(b)));
