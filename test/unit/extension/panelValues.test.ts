// The host's answer to the panel's requestValues: every element up to the bound, block-reduced past it, and a
// sentence instead of values when the run is gone or its values belong to another run.
import assert from "node:assert/strict";
import { test } from "node:test";
import { blockFor, NO_RUN, NOT_HELD, reduceBlocks, valuesReply } from "../../../src/extension/panelValues";
import { passingCheck, runWith } from "./twoLayerRun";

const run = runWith(passingCheck);
const trace = run.traces[0];
const hRelu = trace.nodes.find((n) => n.label === "h_relu")!;
const ref = { check: trace.check, node: hRelu.id };
const count = hRelu.shape.reduce((a, b) => a * b, 1);
const ramp = (n: number, scale = 1) => Float64Array.from({ length: n }, (_, i) => (i - n / 2) * scale);

test("a node within the bound travels whole, values and gradient, with the shape of the run's trace", () => {
  const data = ramp(count);
  const grad = ramp(count, -0.5);
  const reply = valuesReply(ref, run, { data, grad });
  assert.deepEqual(reply.shape, hRelu.shape);
  assert.deepEqual(reply.data, Array.from(data));
  assert.deepEqual(reply.gradData, Array.from(grad));
  assert.equal(reply.blocks, undefined);
  assert.equal(reply.unavailable, undefined);
});

test("past the bound the values are reduced by blocks to at most the bound, and the reply says how", () => {
  const [rows, cols] = hRelu.shape;
  const data = ramp(count);
  data[rows * cols - 1] = NaN; // the last element: its block must show it
  const limit = 1000;
  const reply = valuesReply(ref, run, { data }, limit);
  assert.ok(reply.blocks && reply.data);
  const [gridRows, gridCols] = reply.blocks.grid;
  const [br, bc] = reply.blocks.block;
  assert.ok(gridRows * gridCols <= limit, `${gridRows}×${gridCols} cells`);
  assert.equal(gridRows, Math.ceil(rows / br));
  assert.equal(gridCols, Math.ceil(cols / bc));
  assert.equal(reply.data.length, gridRows * gridCols);
  assert.ok(Number.isNaN(reply.data.at(-1)));
  assert.equal(reply.gradData, undefined, "no gradient was held");
});

test("no stored run, values not held, or values of another shape: a reason instead of values", () => {
  assert.equal(valuesReply(ref, undefined, { data: ramp(count) }).unavailable, NO_RUN);
  assert.equal(valuesReply(ref, run, undefined).unavailable, NOT_HELD);
  const other = valuesReply(ref, run, { data: ramp(count - 1) });
  assert.equal(other.unavailable, NOT_HELD);
  assert.equal(other.data, undefined);
  assert.equal(valuesReply({ ...ref, node: 999 }, run, { data: ramp(count) }).unavailable, NOT_HELD);
});

test("manual nodes are looked up among the trace's manualNodes", () => {
  const manual = trace.manualNodes[0];
  const n = manual.shape.reduce((a, b) => a * b, 1);
  const reply = valuesReply({ check: trace.check, node: manual.id, manual: true }, run, { data: ramp(n) });
  assert.equal(reply.manual, true);
  assert.deepEqual(reply.shape, manual.shape);
  assert.equal(reply.data?.length, n);
});

test("a block keeps its element of largest magnitude with its sign", () => {
  // 2×4 in blocks of 2×2: [[1, -5], [2, 3]] and [[0, 4], [-7, 1]]
  const data = [1, -5, 0, 4, 2, 3, -7, 1];
  assert.deepEqual(reduceBlocks(data, 2, 4, [2, 2]), [-5, -7]);
  // Ragged edges: 3 columns in blocks of 2 leave a last block of one column.
  assert.deepEqual(reduceBlocks([1, 2, -9, 4, 5, 6], 2, 3, [1, 2]), [2, -9, 5, 6]);
});

test("blocks cut the longer side first and stop as soon as the grid fits", () => {
  assert.deepEqual(blockFor(10, 10, 100), [1, 1]);
  assert.deepEqual(blockFor(1, 8_000_000, 1 << 20), [1, 8]);
  const [br, bc] = blockFor(3000, 700, 1 << 20);
  assert.ok(Math.ceil(3000 / br) * Math.ceil(700 / bc) <= 1 << 20);
  assert.equal(bc, 1, "the short side stays whole");
});
