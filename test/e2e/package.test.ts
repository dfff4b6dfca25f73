// The .vsix users install: it holds the bundles and nothing of the sources, tests or node_modules, and what it holds
// runs on its own, outside the repository (no node_modules to fall back on).
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { builtVsix, repoRoot } from "./harness/paths";

describe("the packaged .vsix", () => {
  const entries = execFileSync("unzip", ["-Z1", builtVsix()], { encoding: "utf8" }).split("\n").filter(Boolean);
  const unpacked = mkdtempSync(join(tmpdir(), "gradlens-vsix-"));
  after(() => rmSync(unpacked, { recursive: true, force: true }));

  it("holds the manifest and every bundle the extension loads", () => {
    for (const needed of ["extension/package.json", "extension/dist/extension.js", "extension/dist/client.js",
      "extension/dist/worker.js", "extension/dist/labels-worker.js", "extension/dist/labels-parser.js",
      "extension/dist/cli.js", "extension/dist/webview/panel.js"]) {
      assert.ok(entries.includes(needed), `${needed} missing from the .vsix: ${entries.join(", ")}`);
    }
  });

  it("declares the platform whose esbuild binary it carries", () => {
    const manifest = execFileSync("unzip", ["-p", builtVsix(), "extension.vsixmanifest"], { encoding: "utf8" });
    const arch = process.arch === "arm" ? "armhf" : process.arch;
    assert.match(manifest, new RegExp(`TargetPlatform="${process.platform}-${arch}"`));
    const binaries = entries.filter((e) => /\/@esbuild\/[^/]+\/(bin\/esbuild|esbuild\.exe)$/.test(e));
    assert.deepEqual(binaries.map((e) => e.split("/@esbuild/")[1].split("/")[0]), [`${process.platform}-${process.arch}`]);
  });

  it("holds no sources, tests, source maps or node_modules", () => {
    const leaked = entries.filter((e) => /^extension\/(src|test|out|node_modules|examples|scripts)\//.test(e) || e.endsWith(".map"));
    assert.deepEqual(leaked, []);
  });

  it("checks a model file with only what it holds (the runner's bundles need no node_modules)", () => {
    execFileSync("unzip", ["-q", builtVsix(), "-d", unpacked]);
    const model = join(repoRoot, "examples", "wrong-backward.ts");
    const r = spawnSync(process.execPath, [join(unpacked, "extension/dist/cli.js"), "check", model, "--json"],
      { cwd: unpacked, encoding: "utf8", timeout: 60_000 });
    assert.equal(r.status, 1, `expected a failing check (exit 1), got ${r.status}:\n${r.stdout}${r.stderr}`);
    let report: { error: unknown; checks: { ops: { ok: boolean }[]; graph: { nodes: { label?: string }[] } }[] };
    try {
      report = JSON.parse(r.stdout);
    } catch {
      assert.fail(`the CLI in the .vsix printed no JSON report:\n${r.stdout}${r.stderr}`);
    }
    assert.equal(report.error, null);
    assert.ok(report.checks.some((c) => c.ops.some((o) => !o.ok)), "the wrong custom backward was not found");
    // Labels come from the labels worker and its TypeScript bundle: both must work from the .vsix alone.
    assert.ok(report.checks.every((c) => c.graph.nodes.some((n) => n.label)), "no graph node is labelled");
  });
});
