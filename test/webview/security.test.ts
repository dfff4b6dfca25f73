// Hostile text from a model file (labels, op names, messages, the file name) must show as text and run nothing,
// under the panel's real CSP, in every view.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { RunResult } from "../../src/protocol";
import hostile from "../fixtures/traces/hostile.json";
import { chromiumSession } from "./harness";

const HOSTILE = hostile as unknown as RunResult;
const IMG = "<img src=x onerror=alert(1)>";

const session = chromiumSession();

test("a hostile label shows as text in the diagram, the inspector, the results and the table, and runs nothing", async () => {
  const panel = await session().open();
  await panel.send({ type: "show", file: HOSTILE.report.file, result: HOSTILE });
  const texts = await panel.page.$$eval("#main svg g.node", (gs) => gs.map((g) => g.textContent ?? ""));
  assert.equal(texts.length, 3);
  assert.ok(texts.some((t) => t.includes(IMG)), JSON.stringify(texts));
  assert.ok(texts.some((t) => t.includes("<script>alert(3)</script> = sum")));
  assert.ok(texts.some((t) => t.includes('%%{init: {"securityLevel": "loose"}}%%')));
  const spoken = await panel.page.$$eval("#main svg g.node", (gs) => gs.map((g) => g.getAttribute("aria-label") ?? ""));
  assert.ok(spoken.some((name) => name.startsWith(`${IMG}: input`)), JSON.stringify(spoken)); // read out, not parsed
  await panel.screenshot("hostile-forward");

  await panel.page.locator("#main svg g.node", { hasText: IMG }).click();
  assert.equal(await panel.page.locator("#inspector h2").textContent(), IMG);
  for (const view of ["backward", "results", "table"]) {
    await panel.page.click(`button.tab[data-view=${view}]`);
    await panel.page.waitForFunction((v) => document.querySelector(`button.tab.active`)?.getAttribute("data-view") === v, view);
  }
  await panel.page.locator(".node-table").waitFor();
  assert.ok(((await panel.page.locator(".node-table").textContent()) ?? "").includes(IMG));
  await panel.page.click("button.tab[data-view=results]");
  await panel.page.locator(".results").waitFor();
  assert.ok(((await panel.page.locator(".results").textContent()) ?? "").includes("<b onmouseover=alert(1)>x</b>"));
  await panel.screenshot("hostile-results");

  const injected = await panel.page.evaluate(() => ({
    img: document.querySelectorAll("img").length,
    script: document.querySelectorAll("script").length,
    bold: document.querySelectorAll("#app b").length,
    handlers: [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
  }));
  assert.deepEqual(injected, { img: 0, script: 1, bold: 0, handlers: 0 }); // the one script is the panel bundle
  assert.deepEqual(panel.dialogs, []);
  assert.deepEqual(await panel.violations(), []);
  assert.deepEqual(panel.pageErrors, []);
});

test("the exported SVG and Markdown carry the hostile text escaped, not as markup", async () => {
  const panel = await session().open();
  await panel.send({ type: "show", file: HOSTILE.report.file, result: HOSTILE });
  await panel.page.click("#export-svg");
  await panel.page.click("#export-md");
  const posted = await panel.posted();
  const svg = posted.find((m) => m.type === "saveSvg");
  const md = posted.find((m) => m.type === "saveMarkdown");
  assert.ok(svg?.type === "saveSvg" && md?.type === "saveMarkdown");
  assert.ok(!svg.svg.includes("<img"), "raw <img in the SVG");
  assert.ok(svg.svg.includes("&lt;img src=x onerror=alert(1)&gt;"));
  assert.ok(!md.markdown.includes("<img") && md.markdown.includes("&lt;img src=x onerror=alert\\(1\\)&gt;"));
});

test("a script the CSP does not allow is blocked and reported, so the violation listener is live", async () => {
  const panel = await session().open();
  await panel.page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__ran = true";
    document.body.append(s);
  });
  await panel.page.waitForFunction(() => (window as unknown as { __violations: string[] }).__violations.length > 0);
  assert.equal(await panel.page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran), undefined);
  assert.match((await panel.violations())[0], /^script-src/);
});
