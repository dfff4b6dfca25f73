// Every way a model file can fail becomes the contract's error object, at the user's own line, and the process
// running the runner survives all of them.
import assert from "node:assert/strict";
import { test } from "node:test";
import { runFile } from "../../../src/runner/client";
import { WORKER, fixture, lineOf } from "./fixtures";

const run = (name: string, opts: Parameters<typeof runFile>[1] = {}) => runFile(fixture(name), { workerPath: WORKER, ...opts });

test("a syntax error is esbuild's message at the file's own line and column", async () => {
  const { report } = await run("syntax-error.ts");
  assert.equal(report.error?.code, "syntax");
  assert.equal(report.error?.line, lineOf("syntax-error.ts", "syntax"));
  assert.ok(report.error?.column && report.error.column > 1);
  assert.match(report.error!.message, /Unexpected/);
  assert.deepEqual(report.checks, []);
});

test("a file without checks says so and shows what a check looks like", async () => {
  const { report } = await run("no-checks.ts");
  assert.equal(report.error?.code, "no-checks");
  assert.match(report.error!.message, /defineCheck\(\{/);
  assert.match(report.error!.message, /forward:/);
});

test("--check naming a missing check lists the file's checks", async () => {
  const { report } = await run("throws.ts", { check: "nope" });
  assert.equal(report.error?.code, "no-checks");
  assert.match(report.error!.message, /"nope".*broken, fine/);
});

test("an endless loop in the file's top level is stopped by the timeout, which says so without a CLI flag", async () => {
  const { report } = await run("infinite-loop.ts", { timeoutMs: 300 });
  assert.equal(report.error?.code, "timeout");
  assert.match(report.error!.message, /did not finish within 300 ms: an infinite loop\?/);
  assert.match(report.error!.message, /top-level code/);
  assert.doesNotMatch(report.error!.message, /--timeout/);
  assert.equal(report.error?.line, lineOf("infinite-loop.ts", "spin"), "at the line the loop spins on");
  assert.match(report.error!.message, new RegExp(`at line ${lineOf("infinite-loop.ts", "spin")}\\.$`));
});

test("a check stuck in its forward is named by the timeout, with its line and the line it spins on", async () => {
  const { report } = await run("stuck-check.ts", { timeoutMs: 1500, labels: false });
  assert.equal(report.error?.code, "timeout");
  assert.match(report.error!.message, /within 1\.5 s/);
  assert.match(report.error!.message, new RegExp(`"stuck" \\(line ${lineOf("stuck-check.ts", "stuck")}\\)`));
  assert.equal(report.error?.line, lineOf("stuck-check.ts", "spin"));
});

test("cancelling through the AbortSignal stops the run", async () => {
  const controller = new AbortController();
  const pending = run("infinite-loop.ts", { signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  const { report } = await pending;
  assert.equal(report.error?.code, "timeout");
  assert.match(report.error!.message, /cancelled/);
});

test("a run cancelled before it starts is cancelled, without transpiling the file", async () => {
  // A syntax error would be reported had the file been transpiled.
  const { report } = await run("syntax-error.ts", { signal: AbortSignal.abort() });
  assert.equal(report.error?.code, "timeout");
  assert.match(report.error!.message, /cancelled/);
});

test("a runaway JavaScript allocation hits the worker's heap limit, not the host", async () => {
  const { report } = await run("runaway-heap.ts", { memoryBytes: 64 * 1024 ** 2, timeoutMs: 20_000 });
  assert.equal(report.error?.code, "memory");
  assert.match(report.error!.message, /64 MiB/);
});

test("a training loop at module level may allocate far more than the budget over its steps", async () => {
  // 150 steps of ~1.3 MiB of tensors each, about 6× a 32 MiB budget; at most a few steps are alive at a time.
  const { report } = await run("training-loop.ts", { memoryBytes: 32 * 1024 ** 2 });
  assert.equal(report.error, null);
  assert.equal(report.checks[0]?.ok, true);
});

test("a timeout near the memory budget says how much the run held; one far from it does not", async () => {
  const { report } = await run("hoard-then-spin.ts", { timeoutMs: 1000, memoryBytes: 384 * 1024 ** 2 });
  assert.equal(report.error?.code, "timeout");
  assert.equal(report.error?.line, lineOf("hoard-then-spin.ts", "spin"));
  const held = /it held (\d+\.\d+) GiB, near its 0\.38 GiB memory budget: it may be allocating tensors without end\.$/.exec(report.error!.message);
  assert.ok(held, report.error!.message);
  assert.ok(Number(held[1]) >= 0.3, `held ${held[1]} GiB of the 320 MiB kept`);
  const far = await run("infinite-loop.ts", { timeoutMs: 300 });
  assert.doesNotMatch(far.report.error!.message, /held|budget/);
});

test("runaway tensor allocation in a check is that check's memory error, at the allocating line", async () => {
  const { report } = await run("runaway-tensors.ts", { memoryBytes: 64 * 1024 ** 2 });
  assert.equal(report.error, null);
  const [check] = report.checks;
  assert.equal(check.error?.code, "memory");
  assert.equal(check.error?.line, lineOf("runaway-tensors.ts", "memory"));
  assert.match(check.error!.message, /\[1024, 1024\]/);
});

test("a shape mismatch points at the user's line that called the op, with both shapes", async () => {
  const { report } = await run("shape-mismatch.ts");
  const [check] = report.checks;
  assert.equal(check.error?.code, "shape");
  assert.equal(check.error?.line, lineOf("shape-mismatch.ts", "shape"));
  assert.match(check.error!.message, /\[3, 4\]/);
  assert.match(check.error!.message, /\[5, 2\]/);
  assert.equal(report.ok, false);
});

test("a throw in one check's forward is that check's error, with the user's message; the other check runs", async () => {
  const { report } = await run("throws.ts");
  const broken = report.checks.find((c) => c.name === "broken")!;
  const fine = report.checks.find((c) => c.name === "fine")!;
  assert.equal(broken.error?.code, "runtime");
  assert.equal(broken.error?.message, "this loss is not written yet");
  assert.equal(broken.error?.line, lineOf("throws.ts", "throw"));
  assert.equal(fine.error, null);
  assert.equal(fine.ok, true);
  assert.equal(report.ok, false);
});

test("a throw while the module loads is a file error with the error's class and line", async () => {
  const { report } = await run("module-throw.ts");
  assert.equal(report.error?.code, "runtime");
  assert.equal(report.error?.message, "TypeError: weights were not loaded");
  assert.equal(report.error?.line, lineOf("module-throw.ts", "throw"));
});

test("a NaN is reported at the op that produced it", async () => {
  const { report } = await run("nan.ts");
  const nan = report.checks[0].diagnostics.find((d) => d.code === "nan");
  assert.ok(nan, "a nan diagnostic");
  assert.equal(nan.line, lineOf("nan.ts", "nan"));
  assert.match(nan.message, /log/);
});

test("a custom op's inputs are named by the parameters the user wrote, though the bundle renamed them; a bad backward is blamed at its op", async () => {
  const { report } = await run("renamed-params.ts");
  const [slipped, reshaped] = ["slipped", "reshaped"].map((name) => report.checks.find((c) => c.name === name)!);
  assert.match(slipped.ops[0].message!, /the gradient for input 1 \(y\) is wrong/);
  assert.doesNotMatch(slipped.ops[0].message!, /input 0|y2/);
  assert.match(reshaped.error!.message, /gradient of shape \[3, 1\] for input 1 \(y\), which has shape \[3\]/);
  assert.equal(reshaped.error!.line, lineOf("renamed-params.ts", "reshaped"), "at the op's definition, where its backward is");
});

test("a missing file is reported, not thrown", async () => {
  const { report } = await run("no-such-model.ts");
  assert.equal(report.error?.code, "runtime");
  assert.match(report.error!.message, /no-such-model\.ts/);
});

test("the host survives every failing fixture run back to back, and still runs a good file", async () => {
  const names = ["syntax-error.ts", "no-checks.ts", "shape-mismatch.ts", "throws.ts", "module-throw.ts", "nan.ts"];
  const results = await Promise.all(names.map((n) => run(n)));
  assert.equal(results.length, names.length);
  const { report } = await run("throws.ts", { check: "fine" });
  assert.equal(report.ok, true);
});

test("no timer outlives a run that ended by itself (the CLI would wait for it before exiting)", async () => {
  const { report } = await run("two-layer.ts", { labels: false });
  assert.equal(report.ok, true);
  assert.deepEqual(process.getActiveResourcesInfo().filter((r) => r === "Timeout"), []);
});
