// Bundles each test/<suite>/**/*.test.ts into out/test/<suite>/ so node's test runner can run it.
// Usage: node scripts/build-tests.mjs <suite>   → prints the built files, one per line
import * as esbuild from "esbuild";
import { readdirSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const suite = process.argv[2] ?? "unit";
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".test.ts") ? [join(dir, e.name)] : [],
  );
const entries = walk(join(root, "test", suite));
const outdir = join(root, "out", "test", suite);
rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: entries, outdir, outbase: join(root, "test", suite),
  bundle: true, platform: "node", format: "cjs", target: "node20", sourcemap: "inline",
  packages: "external", external: ["vscode"], logLevel: "warning",
});
for (const e of entries) console.log(join(outdir, relative(join(root, "test", suite), e)).replace(/\.ts$/, ".js"));
