// Drives code-server's workbench in Debian's headless chromium the way a person would: Quick Open, the command
// palette, the mouse. Selectors are VS Code 1.100's DOM (class names of the workbench parts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Frame, type Page } from "playwright-core";

export interface Browser {
  page: Page;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "gradlens-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1400, height: 900 },
    // chromium's crash reporter and caches would otherwise write under $HOME
    env: { ...process.env, XDG_CONFIG_HOME: join(profile, "xdg"), XDG_CACHE_HOME: join(profile, "xdg") },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

/** The workbench URL opening `folder`; `payload` entries are VS Code's development options (see extensionHost.ts). */
export function workbenchUrl(base: string, folder: string, payload?: [string, string][]): string {
  let url = `${base}/?folder=${encodeURIComponent(folder)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator(".monaco-workbench").waitFor({ timeout: 60_000 });
  await page.locator(".statusbar").waitFor({ timeout: 60_000 });
}

async function openQuickInput(page: Page, key: string) {
  // Give the workbench keyboard focus as a person would, by clicking: into the first editor when there is one (so
  // files open there, not in the group of a webview that had focus), else on an inert spot of the title bar.
  const editor = page.locator(".editor-group-container").first().locator(".monaco-editor .view-lines");
  await page.mouse.move(0, 0); // a hover left open would cover the editor
  if (await editor.count()) await editor.first().click({ position: { x: 5, y: 5 }, force: true });
  else await page.locator(".monaco-workbench").click({ position: { x: 5, y: 5 }, force: true }).catch(() => {});
  await page.keyboard.press(key);
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  return input;
}

/** Opens a workspace file through Quick Open (Ctrl+P), at a 1-based line when given, and waits for its editor. */
export async function openFile(page: Page, name: string, line?: number): Promise<void> {
  const input = await openQuickInput(page, "Control+P");
  await input.fill(line === undefined ? name : `${name}:${line}`);
  // Enter picks the focused row: wait until the list has caught up with what was typed
  await page.locator(".quick-input-list .monaco-list-row.focused", { hasText: name }).waitFor();
  await page.keyboard.press("Enter");
  await page.locator(`.tab.active[aria-label^="${name}"]`).first().waitFor();
  await page.locator(".monaco-editor .view-lines").first().waitFor();
  if (line !== undefined) await page.locator(".statusbar-item", { hasText: `Ln ${line},` }).first().waitFor();
}

/** Runs a command by its palette title (F1, then ">title"). */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = await openQuickInput(page, "F1");
  await input.fill(">" + title);
  await page.locator(".quick-input-list .monaco-list-row.focused", { hasText: title }).waitFor();
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden" });
}

/** Waits for a status bar item whose text matches, and returns that text. */
export async function statusText(page: Page, match: RegExp, timeout = 60_000): Promise<string> {
  const item = page.locator(".statusbar-item", { hasText: match }).first();
  await item.waitFor({ timeout });
  return (await item.innerText()).trim();
}

/** Waits for a notification toast whose text matches, and returns its text. */
export async function notificationText(page: Page, match: RegExp, timeout = 60_000): Promise<string> {
  const toast = page.locator(".notification-toast", { hasText: match }).first();
  await toast.waitFor({ timeout });
  return (await toast.innerText()).trim();
}

/**
 * A webview is two nested iframes: iframe.webview (pre/index.html) holding iframe#active-frame (fake.html) with the
 * extension's HTML. Returns the inner frame that contains `selector`.
 */
export async function webviewFrame(page: Page, selector: string, timeout = 30_000): Promise<Frame> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (!frame.url().includes("/webview/browser/pre/fake.html")) continue;
      if (await frame.locator(selector).count().catch(() => 0)) return frame;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no webview contains ${selector} after ${timeout} ms`);
}

/**
 * Moves the mouse onto `word` in the first visible editor line matching `line`, and returns the text of the hover
 * that contains `contains`. TypeScript's own hover shows too, so callers match on a part only gradlens writes.
 * Hovers need a real mouse move and appear after the hover delay, hence the retry loop.
 */
export async function hoverWord(page: Page, line: RegExp, word: string, contains: string | RegExp, timeout = 30_000): Promise<string> {
  const viewLine = page.locator(".editor-group-container .monaco-editor .view-line", { hasText: line }).first();
  const token = viewLine.locator("span > span", { hasText: word }).first();
  await token.waitFor();
  const box = (await token.boundingBox())!;
  const text = (await token.textContent()) ?? word;
  const charWidth = box.width / text.length;
  const x = box.x + charWidth * (text.indexOf(word) + word.length / 2);
  const y = box.y + box.height / 2;
  const hover = page.locator(".monaco-hover:not(.hidden)", { hasText: contains }).first();
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.mouse.move(x - 40, y + 200);
    await page.mouse.move(x, y, { steps: 5 });
    try {
      await hover.waitFor({ state: "visible", timeout: 3000 });
      return (await hover.innerText()).trim();
    } catch (e) {
      if (Date.now() > deadline) throw e;
    }
  }
}
