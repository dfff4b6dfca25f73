// Names a model chose that try to hide or reorder text, or to push the verdict out of sight: a bidi override in a
// label reads escaped; a 100,000-character op name is cut (whole on hover) and the results' verdict stays in view.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { RunResult } from "../../src/protocol";
import twoLayer from "../fixtures/traces/two-layer.json";
import { chromiumSession } from "./harness";

const LONG_OP = "Scale".repeat(20_000);
const BIDI_LABEL = "h\u202eulér";

/** The two-layer run with one label reversed by U+202E and one custom op of a 100,000-character name that fails. */
function hostileRun(): RunResult {
  const run = structuredClone(twoLayer) as unknown as RunResult;
  const trace = run.traces[0];
  const h = trace.nodes.find((n) => n.label === "h")!;
  h.label = BIDI_LABEL;
  const relu = trace.nodes.find((n) => n.label === "h_relu")!;
  relu.op = LONG_OP;
  relu.kind = "custom";
  const check = run.report.checks[0];
  check.ok = false;
  check.ops = [{ op: LONG_OP, line: 14, ok: false, maxRelError: 0.5, message: `${LONG_OP}.backward is wrong` }];
  return run;
}

const session = chromiumSession();

test("a bidi label reads escaped, and a 100,000-character op name leaves the verdict column in view", async () => {
  const panel = await session().open({ width: 1000, height: 700 });
  const run = hostileRun();
  await panel.send({ type: "show", file: run.report.file, result: run });

  const labels = await panel.page.$$eval("#main svg g.node .nodeLabel", (ls) => ls.map((l) => l.textContent ?? ""));
  assert.ok(labels.some((t) => t.startsWith("h\\u202eulér = mm")), JSON.stringify(labels));
  assert.ok(labels.every((t) => !t.includes("\u202e")), "no raw U+202E in the diagram");
  const custom = labels.find((t) => t.includes("(custom op)"))!;
  assert.ok(custom.length < 200, `the long op's label is cut (${custom.length} characters)`);
  const hover = await panel.page.$$eval("#main svg g.node > title", (ts) => ts.map((t) => t.textContent ?? ""));
  assert.ok(hover.some((t) => t === `h_relu = ${LONG_OP}`), "the whole name on hover");
  await panel.screenshot("long-names-forward");

  await panel.page.click("button.tab[data-view=results]");
  await panel.page.locator(".results").waitFor();
  const opsTable = panel.page.locator("table.grid", { has: panel.page.locator("th", { hasText: "defined at" }) });
  const verdict = opsTable.locator("tbody tr td").nth(2).locator(".fail");
  assert.equal(await verdict.textContent(), "FAIL");
  const box = await verdict.boundingBox();
  const viewport = panel.page.viewportSize()!;
  const inView = box && box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height;
  assert.ok(inView, `the verdict is in view: ${JSON.stringify(box)}`);
  assert.ok(box.width < 80, `the verdict keeps its width (${box.width} px)`);
  const name = opsTable.locator("tbody tr td .name").first();
  assert.equal(await name.getAttribute("title"), LONG_OP, "the whole op name on hover");
  assert.ok(((await name.textContent()) ?? "").endsWith("…"));
  const message = (await opsTable.locator("tbody tr td").nth(4).textContent()) ?? "";
  assert.ok(message.startsWith("ScaleScale") && message.endsWith("…") && message.length <= 2000, `the message is cut (${message.length})`);
  await panel.screenshot("long-names-results");
  assert.deepEqual(panel.pageErrors, []);
});
