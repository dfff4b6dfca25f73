// A run process forked ahead of need: the next run takes it, the one after finds another, and a spare never keeps
// its host alive.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { prewarm, runFile } from "../../../src/runner/client";
import { ROOT, WORKER, fixture } from "./fixtures";

test("without prewarm a run forks its own process; after it, each run takes a warm one and leaves the next", async () => {
  const cold = await runFile(fixture("two-layer.ts"), { workerPath: WORKER, mode: "fast", labels: false });
  assert.equal(cold.timings?.warm, false);
  prewarm(WORKER);
  for (let i = 0; i < 2; i++) {
    const warm = await runFile(fixture("two-layer.ts"), { workerPath: WORKER, mode: "fast", labels: false });
    assert.equal(warm.report.ok, true);
    assert.equal(warm.timings?.warm, true, `run ${i}`);
  }
});

test("a process that prewarmed and did nothing else exits at once (the spare is unreferenced)", () => {
  const client = join(ROOT, "dist", "client.js");
  const script = `require(${JSON.stringify(client)}).prewarm(${JSON.stringify(WORKER)}); setTimeout(() => {}, 50);`;
  const r = spawnSync(process.execPath, ["-e", script], { timeout: 20_000 });
  assert.equal(r.error, undefined, "timed out: the spare kept its host alive");
  assert.equal(r.status, 0);
});
