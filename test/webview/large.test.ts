// Large graphs stay readable: a 1,000-node unrolled loop draws folded (×N nodes), the neighbourhood view and
// unfolding keep the diagram within the budget, and a graph past Mermaid's limits falls back to the table.
import assert from "node:assert/strict";
import { test } from "node:test";
import { unrolledRnn } from "../fixtures/traces/unrolled";
import { chromiumSession } from "./harness";

const session = chromiumSession();

test("a 1,000-node unrolled loop renders folded into a handful of ×N nodes", async () => {
  const result = unrolledRnn(250);
  assert.equal(result.traces[0].nodes.length, 1004);
  const panel = await session().open();
  const started = Date.now();
  await panel.send({ type: "show", file: "examples/rnn.ts", result });
  const ms = Date.now() - started;
  const drawMs = await panel.page.evaluate(() => document.getElementById("app")!.dataset.drawMs);
  console.log(`# 1,004-node trace: folded diagram drawn in ${drawMs} ms (postMessage to drawn: ${ms} ms)`);
  const texts = await panel.page.$$eval("#main svg g.node", (gs) => gs.map((g) => (g.textContent ?? "").trim()));
  // w, h0, x_t ×250, mm ×250, add ×250, h = tanh ×250, pow, loss
  assert.equal(texts.length, 8, JSON.stringify(texts));
  for (const fold of ["x_t ×250", "mm ×250", "add ×250", "h = tanh ×250"]) assert.ok(texts.some((t) => t.startsWith(fold)), fold);
  assert.ok(ms < 10_000, `took ${ms} ms`); // generous: the figure to watch is printed above
  await panel.screenshot("rnn-folded");
  assert.deepEqual(await panel.violations(), []);
});

test("expanding a fold past the budget draws the neighbourhood instead, and says so", async () => {
  const panel = await session().open();
  await panel.send({ type: "show", file: "examples/rnn.ts", result: unrolledRnn(250) });
  await panel.page.locator("#main svg g.node", { hasText: "h = tanh" }).click();
  await panel.page.locator("#inspector button.fold-toggle").click();
  await panel.page.waitForFunction(() => document.querySelector("#banner")?.textContent?.includes("too large to draw"));
  assert.match((await panel.page.locator("#banner").textContent()) ?? "", /\d+ of 755 nodes: the nearest within \d+ steps of h/);
  const count = await panel.page.locator("#main svg g.node").count();
  assert.ok(count > 8 && count <= 150, `drew ${count} nodes`);
  // The whole loop body on line 13 unfolds; the inspector still shows the clicked node, now drawn on its own.
  assert.deepEqual((await panel.savedState())?.expanded, ["op:13:11:mm", "op:13:17:add", "op:13:25:tanh"]);
  assert.equal(await panel.page.locator("#main svg g.node.is-selected").textContent(), "h = tanh[1, 16]");
  // Only x_t stays folded; it and the shared w are drawn beside each use, so each mm has its own w.
  const nodes = panel.page.locator("#main svg g.node");
  assert.equal(await nodes.filter({ hasText: "×250" }).count(), await nodes.filter({ hasText: "x_t ×250" }).count());
  assert.equal(await nodes.filter({ hasText: /^w/ }).count(), await nodes.filter({ hasText: /^mm/ }).count());
  await panel.screenshot("rnn-expanded-neighbourhood");
});

test("the neighbourhood toggle draws only the nodes near the selected one", async () => {
  const panel = await session().open({ state: { focus: true, node: 2 } });
  await panel.send({ type: "show", file: "examples/rnn.ts", result: unrolledRnn(3) });
  // Around x_t (node 2) within the 150 budget: the whole 3-step graph fits, so everything stays.
  const all = await panel.page.locator("#main svg g.node").count();
  assert.equal(all, 8);
  await panel.send({ type: "show", file: "examples/rnn.ts", result: unrolledRnn(250) });
  assert.equal(await panel.page.locator("#main svg g.node").count(), 8);
});

test("a graph whose diagram text is past Mermaid's limit shows the table and says why, never Mermaid's error", async () => {
  const result = unrolledRnn(36);
  // Names are cut to 80 characters, so a long label no longer does it alone: 148 distinct call sites (just within
  // the diagram's node budget), each label and op name of characters Mermaid's source spells as 9-character entities
  // (#1114109;), push the backward view's source past MAX_TEXT_SIZE (200,000).
  result.traces[0].nodes.forEach((n, i) => {
    n.label = `v${i}_${"\u{10FFFD}".repeat(5000)}`;
    n.op = "\u{10FFFD}".repeat(5000);
    n.line = 100 + i;
  });
  const panel = await session().open();
  await panel.send({ type: "show", file: "examples/rnn.ts", result });
  await panel.page.click("button.tab[data-view=backward]");
  await panel.page.locator(".node-table").waitFor();
  const banner = (await panel.page.locator("#banner").textContent()) ?? "";
  assert.match(banner, /Showing the table instead of a diagram: the diagram text \(\d+ characters\) is over Mermaid's limit/);
  assert.equal(await panel.page.locator(".node-table tbody tr").count(), result.traces[0].nodes.length);
  assert.ok(!((await panel.page.textContent("body")) ?? "").includes("Maximum text size"));
  await panel.page.locator(".node-table tbody tr").nth(5).click();
  assert.equal((await panel.savedState())?.node, 5);
});
