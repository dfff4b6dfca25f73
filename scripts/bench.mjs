// `npm run bench [-- --json] [-- --filter REGEX] [-- --quick]`: builds dist/ (scripts/build.mjs: the wasm kernels the
// engine imports, and the runner's and the CLI's bundles that the runner cases run), bundles scripts/bench/main.ts
// with every scripts/bench/*.bench.ts into out/bench/bench.js, then runs it in this same process (all cases in one
// process, so ratios compare like with like). TensorFlow.js is bundled in (its Node build cannot load
// register_all_gradients, and every backend must share one tfjs-core); wabt, esbuild and typescript load from
// node_modules (they locate their own files at run time).
import * as esbuild from "esbuild";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import "./build.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const benchDir = join(root, "scripts", "bench");
const outfile = join(root, "out", "bench", "bench.js");

const files = readdirSync(benchDir).filter((f) => f.endsWith(".bench.ts")).sort();
const contents = [
  `import { main } from "./main";`,
  ...files.map((f, i) => `import * as bench${i} from "./${f.replace(/\.ts$/, "")}";`),
  `export const run = (argv) => main([${files.map((_, i) => `bench${i}`).join(", ")}], argv);`,
].join("\n");
await esbuild.build({
  stdin: { contents, resolveDir: benchDir, sourcefile: "bench-entry.ts", loader: "ts" },
  outfile, bundle: true, platform: "node", format: "cjs", target: "node20", external: ["wabt", "esbuild", "typescript"],
  sourcemap: "inline", logLevel: "warning",
});
// Cases may name files relative to the repository (fixtures, node_modules): run from its root wherever invoked.
process.chdir(root);
await createRequire(import.meta.url)(outfile).run(process.argv.slice(2));
