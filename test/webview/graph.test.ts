// The forward and backward views of recorded traces in real Chromium: the right nodes and labels, the inspector on
// click, the check selector, the host messages, the state kept for restore.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { RunResult } from "../../src/protocol";
import gates from "../fixtures/traces/gates.json";
import twoLayer from "../fixtures/traces/two-layer.json";
import { chromiumSession, type Panel } from "./harness";

const TWO_LAYER = twoLayer as unknown as RunResult;
const GATES = gates as unknown as RunResult;

const session = chromiumSession();

const nodeTexts = (panel: Panel) =>
  panel.page.$$eval("#main svg g.node", (gs) => gs.map((g) => (g.textContent ?? "").replace(/\s+/g, " ").trim()));

async function clickNode(panel: Panel, text: string): Promise<void> {
  await panel.page.locator("#main svg g.node", { hasText: text }).first().click();
}

test("the two-layer net renders one node per trace node, with names, ops and shapes", async () => {
  const panel = await session().open();
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER });
  const texts = await nodeTexts(panel);
  assert.equal(texts.length, TWO_LAYER.traces[0].nodes.length);
  const hRelu = texts.find((t) => t.startsWith("h_relu = clamp"));
  assert.ok(hRelu, `no h_relu node among ${JSON.stringify(texts)}`);
  assert.match(hRelu, /\[64, 100\]/);
  assert.match(hRelu, /kink, dead-relu/);
  for (const name of ["x", "w1", "h = mm", "w2", "y_pred = mm", "loss = sum"]) {
    assert.ok(texts.some((t) => t.startsWith(name)), `missing ${name}`);
  }
  assert.ok(texts.some((t) => t.startsWith("w1") && t.includes("input · [1000, 100]")));
  const edges = await panel.page.$$eval("#main svg .edgePaths path", (ps) => ps.length);
  assert.equal(edges, TWO_LAYER.traces[0].edges.length);
  await panel.screenshot("two-layer-forward-light");
  assert.deepEqual(await panel.violations(), []);
  assert.deepEqual(panel.pageErrors, []);
  assert.deepEqual((await panel.posted())[0], { type: "ready" });
});

test("clicking a node opens the inspector with its shape, summaries and a reveal button", async () => {
  const panel = await session().open();
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER });
  await clickNode(panel, "h_relu");
  const inspector = panel.page.locator("#inspector .inspector");
  await inspector.waitFor();
  assert.equal(await inspector.locator("h2").textContent(), "h_relu");
  assert.equal(await inspector.locator(".shape").textContent(), "[64, 100]");
  assert.match((await inspector.textContent()) ?? "", /3290\/6400 zero/);
  assert.equal(await panel.page.locator("#main svg g.node.is-selected").count(), 1);
  await inspector.locator("button.reveal").click();
  assert.deepEqual((await panel.posted()).at(-1), { type: "reveal", line: 10, column: 22 });
  assert.equal((await panel.savedState())?.node, 3);
  await panel.screenshot("two-layer-inspector");
});

test("the backward view labels matmul edges with the rule and the shapes that make the product fit", async () => {
  const panel = await session().open({ state: { view: "backward" } });
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER });
  const labels = await panel.page.$$eval("#main svg .edgeLabel", (ls) => ls.map((l) => (l.textContent ?? "").trim()).filter(Boolean));
  // y_pred = h_relu·w2 with G [64, 10]: dw2 = h_reluᵀ·G is [100, 64]·[64, 10].
  assert.ok(labels.some((l) => l.includes("dB = Aᵀ·G") && l.includes("[100, 64]·[64, 10] → [100, 10]")), JSON.stringify(labels));
  assert.ok(labels.some((l) => l.includes("dA = G·Bᵀ") && l.includes("[64, 10]·[10, 100] → [64, 100]")));
  const texts = await nodeTexts(panel);
  assert.ok(texts.some((t) => t.startsWith("w2") && t.includes("∇ mean 104.2")), JSON.stringify(texts));
  await panel.screenshot("two-layer-backward");
});

test("a value feeding two ops shows the gradient parts that add up; the check selector switches checks", async () => {
  const panel = await session().open({ state: { view: "backward" } });
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER, check: "reluVsClamp" });
  assert.equal(await panel.page.locator("#check").inputValue(), "reluVsClamp");
  const texts = await nodeTexts(panel);
  assert.ok(texts.some((t) => t.startsWith("x") && t.includes("∑ 2 parts: via r (relu) + via c (clamp)")), JSON.stringify(texts));
  await panel.page.selectOption("#check", "twoLayer");
  await panel.page.waitForFunction(() => document.querySelectorAll("#main svg g.node").length === 10);
  assert.equal((await panel.savedState())?.check, "twoLayer");
});

test("a failing custom op and mismatching inputs are coloured as failures; the error map marks the worst element", async () => {
  const panel = await session().open();
  await panel.send({ type: "show", file: "examples/gates.ts", result: GATES });
  const failing = await panel.page.$$eval("#main svg g.node.mark_fail", (gs) => gs.map((g) => (g.textContent ?? "").trim()));
  assert.equal(failing.length, 3, JSON.stringify(failing)); // a, b and Multiply
  assert.ok(failing.some((t) => t.includes("Multiply (custom op)")));
  await clickNode(panel, "input · [3, 4]");
  const map = panel.page.locator("#inspector .error-map");
  await map.waitFor();
  // |analytic − numeric| is largest at [0, 3]: 1.52 vs −1.9.
  assert.match((await map.locator(".worst").textContent()) ?? "", /worst element \[0, 3\]: analytic 1\.52, numeric -1\.9/);
  assert.equal(await panel.page.locator("#inspector canvas.heatmap").count(), 3); // values, gradient, error map
  await panel.screenshot("gates-error-map");
});

test("NaN origins and ties are marked; the results view links diagnostics to their lines", async () => {
  const panel = await session().open();
  await panel.send({ type: "show", file: "examples/gates.ts", result: GATES, check: "logOfNegative" });
  assert.equal(await panel.page.locator("#main svg g.node.mark_nan").count(), 2);
  await panel.send({ type: "select", check: "poolTie", node: 1 });
  assert.equal(await panel.page.locator("#main svg g.node.mark_tie").count(), 1);
  assert.equal(await panel.page.locator("#inspector h2").textContent(), "pooled");
  await panel.page.click("button.tab[data-view=results]");
  await panel.page.locator(".results").waitFor();
  await panel.page.locator(".diagnostics button.link[data-line='23']").click();
  assert.deepEqual((await panel.posted()).at(-1), { type: "reveal", line: 23 });
  await panel.screenshot("gates-results");
});

test("export posts the drawn SVG and the Markdown report to the host; Run again asks for a rerun", async () => {
  const panel = await session().open();
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER });
  await panel.page.click("#export-svg");
  await panel.page.click("#export-md");
  const posted = await panel.posted();
  const svg = posted.find((m) => m.type === "saveSvg");
  const md = posted.find((m) => m.type === "saveMarkdown");
  assert.ok(svg?.type === "saveSvg" && svg.svg.startsWith("<svg") && svg.svg.includes("h_relu"));
  assert.ok(md?.type === "saveMarkdown" && md.markdown.includes("## twoLayer — ❌ FAIL"));
  await panel.page.click("#rerun");
  assert.deepEqual((await panel.posted()).at(-1), { type: "rerun" });
});

test("a restored panel redraws from its saved state without waiting for the host", async () => {
  const panel = await session().open({ state: { file: "examples/twoLayer.ts", check: "twoLayer", node: 5, view: "forward", result: TWO_LAYER } });
  await panel.page.waitForFunction(() => document.querySelectorAll("#main svg g.node").length === 10);
  assert.equal(await panel.page.locator("#inspector h2").textContent(), "y_pred");
});

test("the results view shows what manualGrads returned beside autograd's gradient", async () => {
  const panel = await session().open({ state: { view: "results" } });
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER });
  const rows = await panel.page.$$eval(".check-results[data-check=twoLayer] .manual-returned tbody tr", (trs) =>
    trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));
  assert.deepEqual(rows.map((r) => r.slice(0, 4)), [["w1", "grad_w1", "mm line 19", "[1000, 100]"], ["w2", "grad_w2", "mm line 16", "[100, 10]"]]);
  assert.match(rows[0][4] ?? "", /^mean 5\.6 ± 655/);
  assert.match(rows[0][5] ?? "", /^mean 3\.18 ± 402\.5/);
  await panel.screenshot("two-layer-results");
});

test("the wheel zooms, a drag pans, and a drag that ends on a node does not select it", async () => {
  const panel = await session().open();
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER });
  const transform = () => panel.page.$eval(".stage", (s) => (s as HTMLElement).style.transform);
  const before = await transform();
  await panel.page.mouse.move(300, 300);
  await panel.page.mouse.wheel(0, -300);
  await panel.page.waitForFunction((t) => (document.querySelector(".stage") as HTMLElement).style.transform !== t, before);
  const scale = (t: string) => Number(/scale\(([\d.]+)\)/.exec(t)?.[1]);
  assert.ok(scale(await transform()) > scale(before));
  const box = (await panel.page.locator("#main svg g.node", { hasText: "h_relu" }).boundingBox())!;
  await panel.page.mouse.move(box.x + 200, box.y + box.height / 2);
  await panel.page.mouse.down();
  await panel.page.mouse.move(box.x + 100, box.y + box.height / 2, { steps: 5 });
  await panel.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  await panel.page.mouse.up();
  assert.match(await transform(), /translate\(-?\d/);
  assert.equal(await panel.page.locator("#inspector .inspector").count(), 0);
});

test("a file that could not be run shows its error with a link to the line, and no diagram", async () => {
  const panel = await session().open();
  const broken: RunResult = {
    report: { file: "examples/broken.ts", ok: false, error: { code: "syntax", message: "';' expected.", line: 7, column: 12 }, checks: [] },
    traces: [],
  };
  await panel.send({ type: "show", file: "examples/broken.ts", result: broken, stale: true });
  const banner = panel.page.locator("#banner");
  assert.match((await banner.textContent()) ?? "", /changed since this run.*syntax error: ';' expected\. line 7/);
  assert.equal(await panel.page.locator("#main svg").count(), 0);
  await banner.locator("button.link").click();
  assert.deepEqual((await panel.posted()).at(-1), { type: "reveal", line: 7 });
});

test("a panel beside the editor opens the diagram at a readable scale, the inspector below it; Fit still fits", async () => {
  // The width VS Code gives a panel opened beside a 1400-pixel-wide editor.
  const panel = await session().open({ width: 515, height: 780 });
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: TWO_LAYER });
  const scale = async () => Number(/scale\(([\d.]+)\)/.exec(await panel.page.$eval(".stage", (s) => (s as HTMLElement).style.transform))?.[1]);
  const first = await scale();
  assert.ok(first >= 0.8, `opened at scale ${first}`);
  const label = await panel.page.locator("#main svg g.node", { hasText: "h_relu" }).first().boundingBox();
  assert.ok(label && label.height >= 40, `the h_relu box is ${label?.height} px tall`);
  const [main, inspector] = await Promise.all(["#main", "#inspector"].map((s) => panel.page.locator(s).boundingBox()));
  assert.ok(main && inspector && inspector.y >= main.y + main.height - 1, "the inspector sits below the diagram");
  assert.equal(main.width, 515, "the diagram has the panel's whole width");
  await clickNode(panel, "h_relu");
  await panel.page.locator("#inspector .inspector").waitFor();
  await panel.screenshot("two-layer-narrow-first-view");
  await panel.page.click("button[title='Fit the diagram to the panel']");
  assert.ok((await scale()) < first, "Fit shows the whole diagram, smaller");
});

test("a page the host named a file for keeps that file in its state before any run is shown", async () => {
  const panel = await session().open({ file: "/work/my model/two-layer.ts" });
  assert.equal((await panel.savedState())?.file, "/work/my model/two-layer.ts");
  assert.deepEqual(await panel.posted(), [{ type: "ready" }]);
});
