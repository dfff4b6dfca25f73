// Labels come from a persistent worker: the caller's thread never loads the TypeScript compiler, a dead or missing
// labels worker costs the labels only (never the run), and a worker that died is replaced on the next request.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { runFile } from "../../../src/runner/client";
import { parseLabels } from "../../../src/runner/labels-client";
import { WORKER, fixture } from "./fixtures";

const typescriptLoaded = () => Object.keys(require.cache).some((path) => /[\\/]node_modules[\\/]typescript[\\/]/.test(path));

test("a labelled run never loads TypeScript on the caller's thread", async () => {
  const { report, traces } = await runFile(fixture("two-layer.ts"), { workerPath: WORKER, mode: "full" });
  assert.equal(report.ok, true);
  assert.ok(traces[0].nodes.some((n) => n.label === "h_relu"), "labels still arrive, from the labels worker");
  assert.equal(typescriptLoaded(), false);
});

test("without a labels worker beside the run worker, the run still succeeds, only unlabelled", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gradlens-no-labels-"));
  copyFileSync(WORKER, join(dir, "worker.js"));
  // The run process that starts the worker lives beside it.
  copyFileSync(join(dirname(WORKER), "run-process.js"), join(dir, "run-process.js"));
  const { report, traces } = await runFile(fixture("two-layer.ts"), { workerPath: join(dir, "worker.js"), mode: "full" });
  assert.equal(report.ok, true);
  assert.equal(traces[0].nodes.some((n) => n.label === "h_relu"), false);
  assert.ok(traces[0].nodes.some((n) => n.kind === "input" && n.label === "w1"), "inputs keep their names");
});

test("a labels worker that dies is replaced on the next request", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gradlens-dying-labels-"));
  const path = join(dir, "labels-worker.js");
  // Answers one request with the thread's id as its only label, then exits.
  writeFileSync(path, [
    'const { parentPort, threadId } = require("node:worker_threads");',
    "parentPort.once(\"message\", ({ id }) => {",
    "  parentPort.postMessage({ id, labels: { assigned: new Map([[\"1:1\", String(threadId)]]) } });",
    "  setTimeout(() => process.exit(0), 10);",
    "});",
  ].join("\n"));
  const first = await parseLabels("a.ts", "const a = 1;", path);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const second = await parseLabels("a.ts", "const a = 1;", path);
  const thread = (labels: typeof first) => labels?.assigned.get("1:1");
  assert.ok(thread(first) !== undefined && thread(second) !== undefined, "both requests were answered");
  assert.notEqual(thread(first), thread(second), "by two different workers");
});
