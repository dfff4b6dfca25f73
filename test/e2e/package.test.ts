// The .vsix users install holds the bundles and nothing of the sources, tests or node_modules.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { builtVsix } from "./harness/paths";

describe("the packaged .vsix", () => {
  const entries = execFileSync("unzip", ["-Z1", builtVsix()], { encoding: "utf8" }).split("\n").filter(Boolean);

  it("holds the manifest and every bundle the extension loads", () => {
    for (const needed of ["extension/package.json", "extension/dist/extension.js", "extension/dist/worker.js",
      "extension/dist/webview/panel.js"]) {
      assert.ok(entries.includes(needed), `${needed} missing from the .vsix: ${entries.join(", ")}`);
    }
  });

  it("holds no sources, tests, source maps or node_modules", () => {
    const leaked = entries.filter((e) => /^extension\/(src|test|out|node_modules|examples|scripts)\//.test(e) || e.endsWith(".map"));
    assert.deepEqual(leaked, []);
  });
});
