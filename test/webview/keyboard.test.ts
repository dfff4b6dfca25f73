// The panel without a mouse, as a keyboard or screen reader user works it: Tab into the diagram (one tab stop), arrow
// keys between nodes, Enter or Space to inspect, Escape out; a visible ring in the theme's focus colour; a spoken name
// on every node; focus kept through a re-run; the table's rows the same way. All under the panel's real CSP.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { RunResult } from "../../src/protocol";
import gates from "../fixtures/traces/gates.json";
import twoLayer from "../fixtures/traces/two-layer.json";
import { chromiumSession, type Panel, type Theme } from "./harness";

const TWO_LAYER = twoLayer as unknown as RunResult;
const session = chromiumSession();

/** The focused element: what a screen reader hears, and the ring drawn around it. */
const focused = (panel: Panel) =>
  panel.page.evaluate(() => {
    const a = document.activeElement!;
    const style = getComputedStyle(a);
    return {
      node: a.matches("#main svg g.node"),
      viewport: a.matches(".viewport"),
      row: a.getAttribute("data-node"),
      role: a.getAttribute("role"),
      label: a.getAttribute("aria-label"),
      outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
    };
  });

/** Presses Tab from the top of the page until focus reaches `selector`; fails if it never does. */
async function tabTo(panel: Panel, selector: string): Promise<void> {
  for (let i = 0; i < 30; i++) {
    await panel.page.keyboard.press("Tab");
    if (await panel.page.evaluate((s) => document.activeElement?.matches(s) === true, selector)) return;
  }
  assert.fail(`Tab never reached ${selector}`);
}

async function press(panel: Panel, ...keys: string[]): Promise<void> {
  for (const key of keys) await panel.page.keyboard.press(key);
}

const H_RELU = "h_relu: clamp, shape [64, 100], marks kink, dead-relu";

test("the diagram is one tab stop; arrow keys move between nodes; Enter and Space inspect the focused node", async () => {
  const panel = await session().open();
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER });
  await tabTo(panel, "#main svg g.node");
  assert.deepEqual(await focused(panel), {
    node: true, viewport: false, row: null, role: "button", label: "x: constant, shape [64, 1000]",
    outline: "solid 2px rgb(0, 95, 184)",
  });
  assert.equal(await panel.page.locator("#main svg g.node[tabindex='0']").count(), 1);
  assert.equal(await panel.page.locator("#main svg g.node[tabindex='-1']").count(), 9);
  await press(panel, "Tab");
  assert.equal((await focused(panel)).node, false, "one Tab leaves the diagram");
  await press(panel, "Shift+Tab");
  assert.equal((await focused(panel)).label, "x: constant, shape [64, 1000]", "Shift+Tab comes back to the same node");

  await press(panel, "ArrowDown");
  assert.equal((await focused(panel)).label, "h: mm, shape [64, 100]");
  await press(panel, "ArrowDown");
  assert.equal((await focused(panel)).label, H_RELU);
  await press(panel, "ArrowRight");
  assert.equal((await focused(panel)).label, "w2: input, shape [100, 10]");
  await press(panel, "ArrowLeft");
  assert.equal((await focused(panel)).label, H_RELU);
  assert.equal(await panel.page.locator("#inspector .inspector").count(), 0, "moving focus selects nothing");

  await press(panel, "Enter");
  const inspector = panel.page.locator("#inspector .inspector");
  await inspector.waitFor();
  assert.equal(await inspector.locator("h2").textContent(), "h_relu");
  assert.equal(await inspector.locator(".shape").textContent(), "[64, 100]");
  assert.equal((await panel.savedState())?.node, 3);
  assert.equal(await panel.page.getAttribute("#main svg g.node.is-selected", "aria-current"), "true");
  assert.equal((await focused(panel)).label, H_RELU, "focus stays on the node");

  await press(panel, "ArrowDown", " ");
  await panel.page.waitForFunction(() => document.querySelector("#inspector h2")?.textContent === "y_pred");
  assert.equal(await panel.page.locator("#main svg g.node[aria-current]").getAttribute("aria-label"), "y_pred: mm, shape [64, 10]");

  await press(panel, "End");
  assert.equal((await focused(panel)).label, "loss: sum, output, scalar");
  await press(panel, "Home");
  assert.equal((await focused(panel)).label, "x: constant, shape [64, 1000]");

  await press(panel, "Escape");
  const out = await focused(panel);
  assert.ok(out.viewport && out.role === "group" && /arrow keys/.test(out.label ?? ""), JSON.stringify(out));
  await press(panel, "ArrowDown");
  assert.equal((await focused(panel)).label, "x: constant, shape [64, 1000]", "an arrow key goes back in where focus left");
  assert.deepEqual(await panel.violations(), []);
  assert.deepEqual(panel.pageErrors, []);
});

const FOCUS_BORDER: Record<Theme, string> = {
  light: "rgb(0, 95, 184)", dark: "rgb(0, 120, 212)", "high-contrast": "rgb(243, 133, 24)",
};

for (const theme of ["light", "dark", "high-contrast"] as const) {
  test(`in the ${theme} theme the focused node is ringed in the theme's focus colour`, async () => {
    const panel = await session().open({ theme });
    await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER });
    await tabTo(panel, "#main svg g.node");
    await press(panel, "ArrowDown", "ArrowDown");
    assert.equal((await focused(panel)).outline, `solid 2px ${FOCUS_BORDER[theme]}`);
    const box = (await panel.page.locator("#main svg g.node", { hasText: "h_relu" }).boundingBox())!;
    const clip = { x: box.x - 10, y: box.y - 10, width: box.width + 20, height: box.height + 20 };
    const ringed = await panel.page.screenshot({ clip });
    await panel.screenshot(`keyboard-focus-${theme}`);
    await press(panel, "Escape");
    assert.equal((await focused(panel)).outline, `solid 1px ${FOCUS_BORDER[theme]}`, "the diagram itself shows focus");
    const plain = await panel.page.screenshot({ clip });
    assert.ok(!ringed.equals(plain), "the ring is drawn: the node looks different with and without focus");
    assert.deepEqual(await panel.violations(), []);
  });
}

test("focus stays on the same node through a re-run and a neighbourhood redraw; a node that is gone leaves it on the diagram", async () => {
  const panel = await session().open({ state: { focus: true } });
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER });
  await tabTo(panel, "#main svg g.node");
  await press(panel, "ArrowDown", "ArrowDown");
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER }); // what a re-run sends
  assert.equal((await focused(panel)).label, H_RELU);
  // With "neighbourhood" on, selecting redraws the diagram around the node.
  const rendered = await panel.page.evaluate(() => Number(document.getElementById("app")!.dataset.rendered));
  await press(panel, "Enter");
  await panel.page.waitForFunction((n) => Number(document.getElementById("app")!.dataset.rendered) > n, rendered);
  assert.equal(await panel.page.locator("#inspector h2").textContent(), "h_relu");
  assert.equal((await focused(panel)).label, H_RELU);
  await panel.send({ type: "show", file: "examples/gates.ts", result: gates as unknown as RunResult });
  assert.equal((await focused(panel)).viewport, true);
  await press(panel, "ArrowDown");
  assert.equal((await focused(panel)).node, true, "and an arrow key goes back in");
});

test("a node out of view is panned into view when the keyboard reaches it", async () => {
  const panel = await session().open({ width: 515, height: 420 });
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER });
  await tabTo(panel, "#main svg g.node");
  const loss = panel.page.locator("#main svg g.node", { hasText: "loss" });
  const main = (await panel.page.locator("#main").boundingBox())!;
  const inside = async () => {
    const box = (await loss.boundingBox())!;
    return box.y >= main.y && box.y + box.height <= main.y + main.height;
  };
  assert.equal(await inside(), false, "the loss starts below the panel's fold");
  await press(panel, "End");
  assert.equal((await focused(panel)).label, "loss: sum, output, scalar");
  assert.equal(await inside(), true);
  assert.equal(await panel.page.$eval(".viewport", (v) => v.scrollTop + v.scrollLeft), 0, "panned, not scrolled");
  await panel.screenshot("keyboard-focus-panned");
});

test("the table's rows are one tab stop too: ↑ and ↓ move, Enter and Space select the row's node", async () => {
  const panel = await session().open({ state: { view: "table" } });
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER });
  await tabTo(panel, ".node-table tbody tr");
  assert.equal((await focused(panel)).row, "0");
  assert.equal(await panel.page.locator(".node-table tbody tr[tabindex='0']").count(), 1);
  await press(panel, "ArrowDown", "ArrowDown", "ArrowDown", "ArrowUp", "ArrowDown");
  const row = await focused(panel);
  assert.equal(row.row, "3");
  assert.equal(row.outline, "solid 1px rgb(0, 95, 184)");
  const current = () => panel.page.$$eval(".node-table tbody tr[aria-current='true']", (rows) => rows.map((r) => r.getAttribute("data-node")));
  assert.deepEqual(await current(), [], "nothing selected yet");
  await press(panel, "Enter");
  await panel.page.locator("#inspector .inspector").waitFor();
  assert.equal(await panel.page.locator("#inspector h2").textContent(), "h_relu");
  assert.deepEqual(await current(), ["3"], "the selected row is announced as current");
  await press(panel, "ArrowDown", " ");
  await panel.page.waitForFunction(() => document.querySelector("#inspector h2")?.textContent === "w2");
  assert.deepEqual(await current(), ["4"], "and only that row");
  const [selected, other] = await panel.page.$$eval(".node-table tbody tr", (rows) =>
    [rows[4], rows[3]].map((r) => getComputedStyle(r).backgroundColor));
  assert.notEqual(selected, other, "the selected row stands out");
  await panel.screenshot("keyboard-table");
  await press(panel, "Tab");
  assert.equal((await focused(panel)).row, null, "one Tab leaves the table");
  assert.deepEqual(await panel.violations(), []);
  assert.deepEqual(panel.pageErrors, []);
});

test("after a re-run, Tab enters the table at the selected node's row, as it enters the diagram at its node", async () => {
  const panel = await session().open({ state: { view: "table" } });
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER });
  await tabTo(panel, ".node-table tbody tr");
  await press(panel, "ArrowDown", "ArrowDown", "ArrowDown", "Enter");
  await panel.page.waitForFunction(() => document.querySelector("#inspector h2")?.textContent === "h_relu");
  await panel.page.evaluate(() => (document.activeElement as HTMLElement).blur());
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER }); // what a re-run sends
  await panel.page.locator(".node-table tbody tr[aria-current='true']").waitFor();
  await tabTo(panel, ".node-table tbody tr");
  assert.equal((await focused(panel)).row, "3");
  assert.deepEqual(panel.pageErrors, []);
});

test("with neighbourhood on, selecting a table row by keyboard keeps focus on that row through the redraw", async () => {
  const panel = await session().open({ state: { view: "table", focus: true } });
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER });
  await tabTo(panel, ".node-table tbody tr");
  await press(panel, "ArrowDown", "ArrowDown", "ArrowDown", "Enter");
  await panel.page.waitForFunction(() => document.querySelector("#inspector h2")?.textContent === "h_relu");
  assert.equal((await focused(panel)).row, "3");
  await press(panel, "ArrowDown", " ");
  await panel.page.waitForFunction(() => document.querySelector("#inspector h2")?.textContent === "w2");
  assert.equal((await focused(panel)).row, "4", "the arrow moved on from the kept row");
  assert.deepEqual(await panel.violations(), []);
  assert.deepEqual(panel.pageErrors, []);
});
