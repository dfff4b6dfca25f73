// examples/tsconfig.json resolves `gradlens` to the engine's sources, so every example type-checks as the
// editor sees it: a renamed engine API or a typo in an example fails here, not in front of a learner.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { root } from "./cli";

test("the examples type-check against the engine (tsc -p examples)", () => {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", join(root, "examples")], { cwd: root, encoding: "utf8" });
  assert.equal(run.status, 0, run.stdout + run.stderr);
});
