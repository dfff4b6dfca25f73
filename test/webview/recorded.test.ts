// The panel on real runner output (recorded from examples/*.ts): what the verdicts say is what the diagram shows.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { RunResult } from "../../src/protocol";
import lstm from "../fixtures/traces/recorded-lstm-bptt.json";
import nanSpread from "../fixtures/traces/recorded-nan-spread.json";
import wrongBackward from "../fixtures/traces/recorded-wrong-backward.json";
import { chromiumSession } from "./harness";

const session = chromiumSession();
const nodeTexts = (page: import("playwright-core").Page, selector = "#main svg g.node") =>
  page.$$eval(selector, (gs) => gs.map((g) => (g.textContent ?? "").trim()));

test("an LSTM unrolled over its time steps folds every step's ops into ×T nodes", async () => {
  const result = lstm as unknown as RunResult;
  const trace = result.traces[0];
  const panel = await session().open();
  await panel.send({ type: "show", file: "examples/lstm-bptt.ts", result });
  const texts = await nodeTexts(panel.page);
  assert.ok(texts.length < trace.nodes.length / 3, `${texts.length} nodes drawn for ${trace.nodes.length}`);
  // The gate ops run once per time step: their folds count the steps (T = 6 in examples/lstm-bptt.ts).
  for (const gate of ["forget_gate", "input_gate", "output_gate", "candidate"]) {
    const fold = texts.find((t) => t.startsWith(`${gate} = `));
    assert.match(fold ?? "", / ×6\[1, 3\]/, `${gate}: ${fold}`);
  }
  await panel.screenshot("recorded-lstm");
  assert.deepEqual(panel.pageErrors, []);
});

test("the NaN origin the diagnostics name is the node the diagram marks", async () => {
  const result = nanSpread as unknown as RunResult;
  const nan = result.report.checks[0].diagnostics.find((d) => d.code === "nan");
  const origin = result.traces[0].nodes.find((n) => n.id === nan?.node);
  assert.ok(origin?.label);
  const panel = await session().open();
  await panel.send({ type: "show", file: "examples/nan-spread.ts", result });
  const marked = await nodeTexts(panel.page, "#main svg g.node.mark_nan");
  assert.equal(marked.length, 1);
  assert.ok(marked[0].startsWith(`${origin.label} = ${origin.op}`), marked[0]);
});

test("the custom op whose backward the check rejects is the failing node, and its line is one click away", async () => {
  const result = wrongBackward as unknown as RunResult;
  const op = result.report.checks[0].ops.find((o) => !o.ok)!;
  const panel = await session().open({ state: { view: "results" } });
  await panel.send({ type: "show", file: "examples/wrong-backward.ts", result });
  await panel.page.locator(`.results button.link[data-line='${op.line}']`).first().click();
  assert.deepEqual((await panel.posted()).at(-1), { type: "reveal", line: op.line });
  await panel.page.click("button.tab[data-view=forward]");
  await panel.page.locator("#main svg g.node.mark_fail").first().waitFor();
  const failing = await nodeTexts(panel.page, "#main svg g.node.mark_fail");
  assert.ok(failing.some((t) => t.includes(`${op.op} (custom op)`)), JSON.stringify(failing));
});
