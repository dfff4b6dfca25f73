// Checks come in the order the user wrote them, whatever order the transpiled module lists its exports in.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runFile } from "../../../src/runner/client";
import { WORKER, fixture } from "./fixtures";

test("checks are reported in source order, also those made by a helper and the default export", async () => {
  const { report, traces } = await runFile(fixture("check-order.ts"), { workerPath: WORKER, labels: false });
  assert.equal(report.error, null);
  assert.deepEqual(report.checks.map((c) => c.name), ["zeta", "alpha", "default", "mid"]);
  assert.deepEqual(traces.map((t) => t.check), ["zeta", "alpha", "default", "mid"]);
});

test("--check still picks one check by name", async () => {
  const { report } = await runFile(fixture("check-order.ts"), { workerPath: WORKER, labels: false, check: "mid" });
  assert.deepEqual(report.checks.map((c) => c.name), ["mid"]);
});
