// gradlens as a person uses it: the built .vsix installed in code-server, the examples open, everything done through
// Quick Open, the command palette and the mouse. One server and one browser page serve the steps below, in order.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Page } from "playwright-core";
import { repoRoot, screenshotPath } from "./harness/paths";
import { sharedSession } from "./harness/session";
import { hoverWord, notificationText, openFile, runCommand, statusText, webviewFrame } from "./harness/workbench";

const RUN_CHECK = "Run Gradient Check";
/**
 * gradlens.timeout for this server: the two-layer example needs a few CPU seconds, and CI machines may be busy;
 * the infinite loop below waits this long.
 */
const TIMEOUT_MS = 30_000;
/** The status bar's verdict after a run: `gradlens: 2 passed`, `gradlens: 1 of 2 failed`, `gradlens: timed out`. */
const VERDICT = /gradlens: (\d+ passed|\d+ of \d+ failed|timed out)/;

describe("gradlens in code-server (installed .vsix)", () => {
  const session = sharedSession({ settings: { "gradlens.timeout": TIMEOUT_MS } }, "after");

  it("runs the check on the two-layer example from the command palette and shows the verdict", async () => {
    const { page } = session;
    await openFile(page, "two-layer.ts");
    await runCommand(page, RUN_CHECK);
    assert.equal(await statusText(page, VERDICT), `gradlens: ${checkCount("two-layer.ts")} passed`);
  });

  it("draws the Mermaid graph in the panel and inspects a clicked node", async () => {
    const { page } = session;
    const panel = await webviewFrame(page, "svg g.node");
    // two-layer.ts holds two checks; h_relu is in twoLayer's graph
    if (await panel.locator("select#check").isVisible()) await panel.locator("select#check").selectOption("twoLayer");
    await panel.locator("svg g.node", { hasText: "h_relu" }).first().waitFor();
    const labels = await panel.locator("svg g.node").allTextContents();
    const hRelu = labels.find((l) => l.includes("h_relu"));
    assert.ok(hRelu, `no node labelled h_relu among ${JSON.stringify(labels)}`);
    assert.match(hRelu, /\[64, 100\]/);
    await panel.locator("svg g.node", { hasText: "h_relu" }).first().click();
    const inspector = panel.locator("section.inspector");
    await inspector.locator("h2", { hasText: "h_relu" }).waitFor();
    assert.equal(await inspector.locator(".shape").first().innerText(), "[64, 100]");
    await page.screenshot({ path: screenshotPath("graph-panel") });
  });

  it("hovering h_relu shows its shape and gradient summary", async () => {
    const { page } = session;
    const text = await hoverHRelu(page);
    assert.match(text, /h_relu\s+\[64, 100\]/);
    assert.match(text, /gradient: mean [-\d.e]+ ± [\d.e]+/, `no gradient summary in the hover:\n${text}`);
    await page.screenshot({ path: screenshotPath("hover") });
  });

  it("blames a wrong custom backward in the Problems panel and the CodeLens", async () => {
    const { page } = session;
    await openFile(page, "wrong-backward.ts");
    await runCommand(page, RUN_CHECK);
    assert.match(await statusText(page, /gradlens: \d+ of \d+ failed/), /failed/);
    const op = customOpDefinition(join(repoRoot, "examples", "wrong-backward.ts"));
    await runCommand(page, "View: Focus Problems");
    const rows = page.locator(".markers-panel .monaco-list-row");
    await rows.filter({ hasText: "custom-backward-mismatch" }).first().waitFor({ timeout: 20_000 });
    const blamed = (await rows.allInnerTexts()).filter((r) => r.includes(op.name) && r.includes("custom-backward-mismatch"));
    assert.ok(blamed.some((r) => r.includes(`[Ln ${op.line},`)),
      `no custom-backward-mismatch for ${op.name} at its definition (line ${op.line}); the panel shows:\n${blamed.join("\n")}`);
    await openFile(page, "wrong-backward.ts", op.checkLine);
    const lens = page.locator(".monaco-editor .codelens-decoration:visible", { hasText: "✗ failed" }).first();
    await lens.waitFor({ timeout: 20_000 });
    assert.match(await lens.innerText(), new RegExp(op.name));
    await page.screenshot({ path: screenshotPath("wrong-backward") });
  });

  it("stops an infinite loop at the timeout while the editor stays responsive", async () => {
    const { page } = session;
    await openFile(page, "infinite-loop.ts");
    await runCommand(page, RUN_CHECK);
    // While the model spins in its worker, the extension host still answers: gradlens's hover from the earlier run.
    assert.match(await hoverHRelu(page), /h_relu\s+\[64, 100\]/);
    assert.equal(await statusText(page, /gradlens: timed out/, TIMEOUT_MS + 30_000), "gradlens: timed out");
    await notificationText(page, new RegExp(`infinite-loop\\.ts timed out after ${TIMEOUT_MS} ms`), 5_000);
    await page.screenshot({ path: screenshotPath("timeout") });
    // and a second command works right after
    await runCommand(page, RUN_CHECK);
    assert.equal(await statusText(page, /gradlens: \d+ passed/), `gradlens: ${checkCount("two-layer.ts")} passed`);
  });
});

/** Opens two-layer.ts at h_relu's declaration in the forward pass and returns gradlens's hover there. */
async function hoverHRelu(page: Page): Promise<string> {
  const declaration = /^\s*const\s+h_relu\s*=/;
  const lines = readFileSync(join(repoRoot, "examples", "two-layer.ts"), "utf8").split("\n");
  await openFile(page, "two-layer.ts", lines.findIndex((l) => declaration.test(l)) + 1);
  return hoverWord(page, /const\s+h_relu\s*=/, "h_relu", "[64, 100]");
}

/** How many checks a model file exports: the passed count the status bar must show. */
function checkCount(name: string): number {
  return readFileSync(join(repoRoot, "examples", name), "utf8").split("defineCheck(").length - 1;
}

/** The first custom op a model file defines: its name, the 1-based line of `const X = customOp({` and of the check. */
function customOpDefinition(file: string): { name: string; line: number; checkLine: number } {
  const lines = readFileSync(file, "utf8").split("\n");
  const index = lines.findIndex((l) => /^\s*(export\s+)?const\s+\w+\s*=\s*customOp\(/.test(l));
  assert.ok(index >= 0, `${file} defines no customOp`);
  const name = lines.slice(index).join("\n").match(/name:\s*"([^"]+)"/)?.[1];
  assert.ok(name, `${file}: the customOp at line ${index + 1} has no name`);
  return { name, line: index + 1, checkLine: lines.findIndex((l) => l.includes("defineCheck(")) + 1 };
}
