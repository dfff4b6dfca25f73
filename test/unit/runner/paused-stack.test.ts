// Pausing a spinning worker through the inspector: the right worker among several, its stack, and a worker that
// can always be terminated after, even when the probe gave up before the pause arrived.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Worker } from "node:worker_threads";
import { pausedStack } from "../../../src/runner/paused-stack";

/** A worker spinning in function `name` (on line 2 of its script), once it has started spinning. */
async function spinning(name: string): Promise<Worker> {
  const source = `function ${name}() {\n  for (let i = 0; ; i++);\n}\nrequire("node:worker_threads").parentPort.postMessage("spinning");\n${name}();`;
  const worker = new Worker(source, { eval: true });
  await new Promise((resolve) => worker.once("message", resolve));
  return worker;
}

test("the stack of the spinning worker asked about, not of another one", async () => {
  const other = await spinning("elsewhere");
  const stuck = await spinning("stuckHere");
  try {
    const stack = await pausedStack(stuck, 5000);
    assert.match(stack ?? "", /^ {4}at stuckHere \(.*:2:\d+\)/);
    assert.doesNotMatch(stack ?? "", /elsewhere/);
  } finally {
    await Promise.all([other.terminate(), stuck.terminate()]);
  }
});

test("a probe that gives up at once still leaves the worker terminable", { timeout: 10_000 }, async () => {
  const stuck = await spinning("spin");
  assert.equal(await pausedStack(stuck, 0), undefined);
  await stuck.terminate(); // hung forever when the pause it had requested came after the probe's resume
});
