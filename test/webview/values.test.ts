// Full values on demand: the inspector of a node the trace only samples asks the host for every element and draws
// the heatmaps and histogram from the answer; a fake host (this test) answers requestValues.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { NodeValues, RunResult, WebviewToHost } from "../../src/protocol";
import twoLayer from "../fixtures/traces/two-layer.json";
import { chromiumSession, type Panel } from "./harness";

const TWO_LAYER = twoLayer as unknown as RunResult;
const H_RELU = TWO_LAYER.traces[0].nodes.find((n) => n.label === "h_relu")!;
const [ROWS, COLS] = H_RELU.shape;

const session = chromiumSession();

/** Opens the two-layer run, clicks h_relu and returns the request the inspector posted. */
async function inspectHRelu(panel: Panel): Promise<Extract<WebviewToHost, { type: "requestValues" }>> {
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER });
  await panel.page.locator("#main svg g.node", { hasText: "h_relu" }).first().click();
  await panel.page.locator("#inspector .inspector[data-values=loading]").waitFor();
  const requests = (await panel.posted()).filter((m) => m.type === "requestValues");
  assert.equal(requests.length, 1, JSON.stringify(requests));
  return requests[0] as Extract<WebviewToHost, { type: "requestValues" }>;
}

/** Values with the largest positive element at [0, 0] and the most negative at the last element. */
function answer(n: number): number[] {
  const data = Array.from({ length: n }, (_, i) => Math.sin(i) * 3);
  data[0] = 10;
  data[n - 1] = -10;
  return data;
}

/** RGB of a canvas pixel, in the page. */
const pixel = (panel: Panel, index: number, x: number, y: number) =>
  panel.page.$$eval("#inspector canvas.heatmap", (canvases, [i, px, py]) => {
    const ctx = (canvases[i] as HTMLCanvasElement).getContext("2d")!;
    return [...ctx.getImageData(px, py, 1, 1).data.slice(0, 3)];
  }, [index, x, y]);

test("a sampled [64, 100] node asks the host for its values and draws both heatmaps and histograms from the answer", async () => {
  const panel = await session().open();
  const request = await inspectHRelu(panel);
  assert.deepEqual(request, { type: "requestValues", check: "twoLayer", node: H_RELU.id });
  assert.match(await panel.page.locator("#inspector .values-status").textContent() ?? "", /Loading all 6400 elements/);

  const data = answer(ROWS * COLS);
  const gradData = answer(ROWS * COLS).map((v) => -v);
  gradData[5] = NaN; // travels as JSON null, drawn grey
  await panel.post({ type: "values", check: "twoLayer", node: H_RELU.id, shape: H_RELU.shape, data, gradData });
  await panel.page.locator("#inspector .inspector[data-values=full]").waitFor();

  const sizes = await panel.page.$$eval("#inspector canvas.heatmap", (cs) => cs.map((c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]));
  assert.equal(sizes.length, 2, "a heatmap of the values and one of the gradient");
  for (const [width, height] of sizes) {
    const cell = width / COLS;
    assert.ok(Number.isInteger(cell) && cell >= 1, `width ${width} is not ${COLS} cells`);
    assert.equal(height, ROWS * cell);
  }
  const cell = sizes[0][0] / COLS;
  assert.deepEqual(await pixel(panel, 0, 0, 0), [255, 0, 0], "the largest value is full red");
  assert.deepEqual(await pixel(panel, 0, COLS * cell - 1, ROWS * cell - 1), [0, 0, 255], "the most negative is full blue");
  assert.deepEqual(await pixel(panel, 1, 0, 0), [0, 0, 255], "the gradient is its own picture");
  assert.deepEqual(await pixel(panel, 1, 5 * cell, 0), [128, 128, 128], "NaN is grey");
  const captions = await panel.page.$$eval("#inspector figure p.muted", (ps) => ps.map((p) => p.textContent));
  assert.deepEqual(captions, ["histogram of all 6400 elements", "histogram of all 6400 elements"]);
  assert.equal(await panel.page.locator("#inspector canvas.histogram").count(), 2);
  await panel.screenshot("two-layer-full-values");
  assert.deepEqual(await panel.violations(), []);
  assert.deepEqual(panel.pageErrors, []);
});

test("values reduced by blocks draw the reduced grid and say how it was reduced", async () => {
  const panel = await session().open();
  await inspectHRelu(panel);
  const grid: [number, number] = [ROWS / 2, COLS / 2];
  const reduced: NodeValues = {
    check: "twoLayer", node: H_RELU.id, shape: H_RELU.shape, data: answer(grid[0] * grid[1]), blocks: { grid, block: [2, 2] },
  };
  await panel.post({ type: "values", ...reduced });
  await panel.page.locator("#inspector .inspector[data-values=full]").waitFor();
  const [width, height] = await panel.page.$eval("#inspector canvas.heatmap", (c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]);
  assert.equal(width % grid[1], 0);
  assert.equal(height, (width / grid[1]) * grid[0]);
  const text = (await panel.page.locator("#inspector .pictures").textContent()) ?? "";
  assert.match(text, /downsampled: each cell is the largest-magnitude element of a 2×2 block of the 6400 elements/);
  assert.match(text, /histogram of 1600 block values/);
});

test("when the host no longer holds the values the inspector says so and keeps the sample", async () => {
  const panel = await session().open();
  await inspectHRelu(panel);
  const why = "gradlens no longer holds this tensor's values: run the check again to see them.";
  await panel.post({ type: "values", check: "twoLayer", node: H_RELU.id, unavailable: why });
  await panel.page.locator("#inspector .inspector[data-values=unavailable]").waitFor();
  assert.equal(await panel.page.locator("#inspector .values-status").textContent(), why);
  assert.equal(await panel.page.locator("#inspector canvas.heatmap").count(), 0);
  assert.match((await panel.page.locator("#inspector .pictures").textContent()) ?? "", /only the first 8 elements were captured/);
  // Selecting the node again asks nothing more: the answer stands until the next run is shown.
  await panel.page.locator("#main svg g.node", { hasText: "y_pred" }).first().click();
  await panel.page.locator("#main svg g.node", { hasText: "h_relu" }).first().click();
  const asked = (await panel.posted()).filter((m) => m.type === "requestValues" && m.node === H_RELU.id);
  assert.equal(asked.length, 1);
  assert.deepEqual(panel.pageErrors, []);
});

test("values of another shape (an answer from another run) are not drawn", async () => {
  const panel = await session().open();
  await inspectHRelu(panel);
  await panel.post({ type: "values", check: "twoLayer", node: H_RELU.id, shape: [100, 64], data: answer(ROWS * COLS) });
  await panel.page.locator("#inspector .values-status", { hasText: "another shape" }).waitFor();
  assert.equal(await panel.page.locator("#inspector canvas.heatmap").count(), 0);
});
