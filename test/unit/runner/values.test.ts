// What travels with a run besides the report: samples of big tensors with their full values kept host side,
// the user's console output kept apart, and the timings of each phase.
import assert from "node:assert/strict";
import { test } from "node:test";
import { fullValues, runFile } from "../../../src/runner/client";
import { SAMPLE } from "../../../src/runner/summary";
import { WORKER, fixture } from "./fixtures";

test("a big tensor travels as a sample; its full values and gradient are kept for the last run", async () => {
  const file = fixture("big-tensor.ts");
  const { traces } = await runFile(file, { workerPath: WORKER });
  const w = traces[0].nodes.find((n) => n.label === "w")!;
  assert.equal(w.complete, false);
  assert.equal(w.data?.length, SAMPLE);
  const full = fullValues(file, "wide", w.id);
  assert.ok(full, "full values kept");
  assert.equal(full.data.length, 80 * 60);
  assert.deepEqual(Array.from(full.data.subarray(0, SAMPLE)), w.data);
  // d(sum w²)/dw = 2w, element by element.
  assert.ok(full.grad && full.grad.every((g, i) => Math.abs(g - 2 * full.data[i]) < 1e-12));
  assert.equal(fullValues(file, "wide", 12345), undefined);
});

test("the model's console output is returned apart from the report", async () => {
  const { report, output } = await runFile(fixture("chatty.ts"), { workerPath: WORKER });
  assert.equal(report.ok, true);
  assert.match(output ?? "", /loading the chatty model/);
});

test("timings account for every phase of the run", async () => {
  const { timings } = await runFile(fixture("chatty.ts"), { workerPath: WORKER, labels: false });
  assert.ok(timings);
  for (const phase of [timings.transpileMs, timings.workerStartMs, timings.runMs]) assert.ok(phase > 0);
  // The worker boots while the file transpiles (the two overlap by design); the run itself follows both.
  assert.ok(timings.totalMs >= Math.max(timings.transpileMs, timings.workerStartMs) + timings.runMs);
});

test("labels: false leaves the graph unlabelled except for the inputs' names", async () => {
  const { traces } = await runFile(fixture("two-layer.ts"), { workerPath: WORKER, labels: false, mode: "fast" });
  const labels = traces[0].nodes.flatMap((n) => (n.label ? [n.label] : []));
  assert.deepEqual(labels.sort(), ["w1", "w2"]);
});
