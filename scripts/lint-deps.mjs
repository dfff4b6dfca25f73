// Enforces the dependency direction of the design:
//   protocol → nothing; engine → nothing; gradcheck → engine; runner → engine, gradcheck, protocol;
//   cli → runner, protocol; extension → runner's client, protocol (and vscode); webview → protocol only.
//   shared (plain functions and constants every side needs alike) → nothing, and every layer may import it.
// Only src/extension may import "vscode"; webview code never imports node modules.
import { readFileSync, readdirSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const srcDir = join(root, "src");
const allowed = {
  shared: [],
  protocol: ["shared"],
  engine: ["shared"],
  gradcheck: ["engine", "protocol", "shared"],
  runner: ["engine", "gradcheck", "protocol", "shared"],
  cli: ["runner", "protocol", "shared"],
  extension: ["runner", "protocol", "shared"],
  webview: ["protocol", "shared"],
};
const packagesAllowed = {
  shared: [], engine: [], gradcheck: [], protocol: [], webview: ["mermaid"],
  runner: ["esbuild", "typescript", "node:"], cli: ["node:"], extension: ["vscode", "node:"],
};
const nodeBuiltins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const layerOf = (file) => {
  const rel = relative(srcDir, file).split(sep);
  return rel.length === 1 ? rel[0].replace(/\.ts$/, "") : rel[0];
};
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : /\.(ts|mts)$/.test(e.name) ? [join(dir, e.name)] : [],
  );

const problems = [];
for (const file of walk(srcDir)) {
  const layer = layerOf(file);
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:import|export)\s[^;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|require\(\s*["']([^"']+)["']\s*\)/g)]
    .map((m) => m[1] ?? m[2] ?? m[3]);
  for (const spec of specs) {
    const where = relative(root, file);
    if (spec.startsWith(".")) {
      const target = layerOf(resolve(dirname(file), spec));
      if (target !== layer && !(allowed[layer] ?? []).includes(target)) {
        problems.push(`${where}: ${layer} may not import ${target} (${spec})`);
      }
      // The extension talks to the runner's client only: user code never runs in the extension host.
      if (layer === "extension" && target === "runner" && !/runner\/client(\.ts)?$/.test(spec)) {
        problems.push(`${where}: the extension may import only runner/client (${spec})`);
      }
    } else {
      const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
      const ok = (packagesAllowed[layer] ?? []).some((p) =>
        p === "node:" ? nodeBuiltins.has(spec) || nodeBuiltins.has(pkg) : p === pkg,
      );
      if (!ok) problems.push(`${where}: ${layer} may not import the package "${spec}"`);
    }
  }
}
if (problems.length) {
  console.error(`Dependency rules broken (${problems.length}):\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log("dependency rules hold");
