// The panel follows VS Code's light and dark themes, and switches when VS Code changes the body class.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { RunResult } from "../../src/protocol";
import gates from "../fixtures/traces/gates.json";
import twoLayer from "../fixtures/traces/two-layer.json";
import { chromiumSession, type Panel } from "./harness";

const session = chromiumSession();

/** Brightness (0–255) of the diagram's first plain op node fill and of the page background. */
async function brightness(panel: Panel): Promise<{ node: number; page: number }> {
  return panel.page.evaluate(() => {
    const lum = (c: string) => {
      const [r, g, b] = (c.match(/\d+(\.\d+)?/g) ?? ["0", "0", "0"]).map(Number);
      return 0.299 * r + 0.587 * g + 0.114 * b;
    };
    const shape = [...document.querySelectorAll("#main svg g.node")].find((g) => g.textContent?.startsWith("h = mm"))?.querySelector("rect, path, polygon");
    return { node: lum(getComputedStyle(shape!).fill), page: lum(getComputedStyle(document.body).backgroundColor) };
  });
}

/** Border width of the first node marked as failing, in pixels. */
const failBorder = (panel: Panel) =>
  panel.page.$eval("#main svg g.node.mark_fail > :is(rect, path, polygon)", (s) => parseFloat(getComputedStyle(s).strokeWidth));

for (const theme of ["light", "dark", "high-contrast"] as const) {
  test(`the ${theme} theme draws matching nodes on a matching background, with no CSP violation`, async () => {
    const panel = await session().open({ theme });
    await panel.send({ type: "show", file: "examples/twoLayer.ts", result: twoLayer as unknown as RunResult });
    const b = await brightness(panel);
    if (theme === "light") assert.ok(b.node > 160 && b.page > 200, JSON.stringify(b));
    else assert.ok(b.node < 110 && b.page < 60, JSON.stringify(b));
    await panel.screenshot(`two-layer-${theme}`);
    await panel.send({ type: "show", file: "examples/gates.ts", result: gates as unknown as RunResult });
    await panel.page.locator("#main svg g.node", { hasText: "input · [3, 4]" }).first().click();
    await panel.page.locator("#inspector .error-map").waitFor();
    // High contrast draws every border a pixel thicker: failures at 4 px instead of 3.
    assert.equal(await failBorder(panel), theme === "high-contrast" ? 4 : 3);
    await panel.screenshot(`gates-${theme}`);
    assert.deepEqual(await panel.violations(), []);
    assert.deepEqual(panel.pageErrors, []);
  });
}

test("changing VS Code's theme class redraws the diagram in the new theme", async () => {
  const panel = await session().open({ theme: "light" });
  await panel.send({ type: "show", file: "examples/twoLayer.ts", result: twoLayer as unknown as RunResult });
  const before = await brightness(panel);
  const rendered = await panel.page.evaluate(() => Number(document.getElementById("app")!.dataset.rendered));
  await panel.page.evaluate(() => {
    document.body.className = "vscode-dark";
  });
  await panel.page.waitForFunction((n) => Number(document.getElementById("app")!.dataset.rendered) > n, rendered);
  const after = await brightness(panel);
  assert.ok(before.node > 160 && after.node < 110, JSON.stringify({ before, after }));
});
