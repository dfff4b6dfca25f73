// Serves the real panel bundle and stylesheet from a local HTTP server, in the very HTML and CSP the extension host
// builds, to Debian's headless Chromium; a fake acquireVsCodeApi records what the panel posts and saves.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { after, before } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { panelHtml } from "../../src/extension/panelHtml";
import type { HostToWebview, PanelState, WebviewToHost } from "../../src/protocol";

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, "package.json"))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
  return dir;
}

export const ROOT = repoRoot();
export const ARTIFACTS = join(ROOT, "test-artifacts", "webview");
const NONCE = "dGVzdC1ub25jZQ";

export type Theme = "light" | "dark" | "high-contrast";

/** Enough of VS Code's theme variables for the panel to look like it does in the editor. */
const THEME_VARS: Record<Theme, string> = {
  light: "--vscode-foreground:#3b3b3b;--vscode-editor-background:#ffffff;--vscode-panel-border:#e5e5e5;--vscode-focusBorder:#005fb8;--vscode-font-family:system-ui,sans-serif;--vscode-font-size:13px;--vscode-button-background:#005fb8;--vscode-button-foreground:#ffffff;--vscode-textLink-foreground:#005fb8",
  "high-contrast": "--vscode-foreground:#ffffff;--vscode-editor-background:#000000;--vscode-panel-border:#6fc3df;--vscode-contrastBorder:#6fc3df;--vscode-focusBorder:#f38518;--vscode-font-family:system-ui,sans-serif;--vscode-font-size:13px;--vscode-button-background:#000000;--vscode-button-foreground:#ffffff;--vscode-button-secondaryBackground:#000000;--vscode-button-secondaryForeground:#ffffff;--vscode-dropdown-background:#000000;--vscode-dropdown-foreground:#ffffff;--vscode-textLink-foreground:#21a6ff",
  dark: "--vscode-foreground:#cccccc;--vscode-editor-background:#1f1f1f;--vscode-panel-border:#2b2b2b;--vscode-focusBorder:#0078d4;--vscode-font-family:system-ui,sans-serif;--vscode-font-size:13px;--vscode-button-background:#0078d4;--vscode-button-foreground:#ffffff;--vscode-button-secondaryBackground:#313131;--vscode-button-secondaryForeground:#cccccc;--vscode-dropdown-background:#313131;--vscode-dropdown-foreground:#cccccc;--vscode-textLink-foreground:#4daafc",
};

/** The host's own page (src/extension/panelHtml.ts), with what VS Code adds to it: the theme class and variables. */
function html(origin: string, theme: Theme, file: string | undefined): string {
  return panelHtml({ cspSource: origin, nonce: NONCE, scriptUri: `${origin}/dist/webview/panel.js`, styleUri: `${origin}/media/panel.css`, file })
    .replace('<html lang="en">', `<html lang="en" style="${THEME_VARS[theme]}">`)
    .replace("<body>", `<body class="vscode-${theme}">`);
}

/** Only the three files the panel may load; anything else is a 404 the test would notice. */
function serve(theme: () => Theme, pageFile: () => string | undefined): Promise<Server> {
  const files: Record<string, [string, string]> = {
    "/media/panel.css": [join(ROOT, "media", "panel.css"), "text/css"],
    "/dist/webview/panel.js": [join(ROOT, "dist", "webview", "panel.js"), "text/javascript"],
  };
  const server = createServer((req, res) => {
    const origin = `http://${req.headers.host}`;
    if (req.url === "/" || req.url === "/index.html") {
      res.writeHead(200, { "content-type": "text/html" }).end(html(origin, theme(), pageFile()));
      return;
    }
    const file = files[req.url ?? ""];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    // Cacheable, so Chromium compiles the 3.5 MB bundle once per session instead of once per test page.
    res.writeHead(200, { "content-type": file[1], "cache-control": "max-age=3600" }).end(readFileSync(file[0]));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

export interface Panel {
  page: Page;
  /** Messages the panel posted to the host, in order. */
  posted(): Promise<WebviewToHost[]>;
  savedState(): Promise<PanelState | undefined>;
  /** Posts a host message and waits until the panel has finished rendering it. */
  send(message: HostToWebview): Promise<void>;
  /** Posts a host message without waiting: for answers that redraw only part of the page (`values`). */
  post(message: HostToWebview): Promise<void>;
  violations(): Promise<string[]>;
  dialogs: string[];
  pageErrors: string[];
  screenshot(name: string): Promise<string>;
}

export interface Session {
  /** `file`: the model file the host names in the page, as the extension does. */
  open(opts?: { theme?: Theme; state?: PanelState; width?: number; height?: number; file?: string }): Promise<Panel>;
  close(): Promise<void>;
}

export async function startSession(): Promise<Session> {
  const bundle = join(ROOT, "dist", "webview", "panel.js");
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run node scripts/build.mjs first`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser: Browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  // One context for the whole session: its HTTP cache keeps the compiled bundle between test pages.
  const context = await browser.newContext();
  let theme: Theme = "light";
  let file: string | undefined;
  let previous: Page | undefined;
  const server = await serve(() => theme, () => file);
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    async open(opts = {}) {
      theme = opts.theme ?? "light";
      file = opts.file;
      await previous?.close(); // one live page at a time: the machine has two cores
      const page = await context.newPage();
      previous = page;
      await page.setViewportSize({ width: opts.width ?? 1280, height: opts.height ?? 800 });
      const dialogs: string[] = [];
      const pageErrors: string[] = [];
      page.on("dialog", (d) => {
        dialogs.push(`${d.type()}: ${d.message()}`);
        void d.dismiss();
      });
      page.on("pageerror", (e) => pageErrors.push(e.message));
      // Stands in for VS Code: the webview API and a recorder of CSP violations, before any page script runs.
      await page.addInitScript((initial) => {
        const w = window as unknown as Record<string, unknown>;
        const posted: unknown[] = [];
        const violations: string[] = [];
        let state = initial ?? undefined;
        w.__posted = posted;
        w.__violations = violations;
        w.__state = () => state;
        w.acquireVsCodeApi = () => ({
          postMessage: (m: unknown) => posted.push(JSON.parse(JSON.stringify(m))),
          getState: () => state,
          setState: (s: unknown) => { state = JSON.parse(JSON.stringify(s)); },
        });
        document.addEventListener("securitypolicyviolation", (e) => violations.push(`${e.violatedDirective} blocked ${e.blockedURI}`));
      }, opts.state ?? null);
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => document.getElementById("app")?.dataset.rendered !== undefined);
      const rendered = () => page.evaluate(() => Number(document.getElementById("app")?.dataset.rendered ?? 0));
      return {
        page, dialogs, pageErrors,
        posted: () => page.evaluate(() => (window as unknown as { __posted: WebviewToHost[] }).__posted),
        savedState: () => page.evaluate(() => (window as unknown as { __state: () => PanelState | undefined }).__state()),
        violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
        async send(message) {
          const before = await rendered();
          // As a JSON string: playwright's own serializer takes seconds on a 1,000-node trace.
          await page.evaluate((json) => window.postMessage(JSON.parse(json), "*"), JSON.stringify(message));
          await page.waitForFunction((n) => Number(document.getElementById("app")?.dataset.rendered ?? 0) > n, before);
        },
        async post(message) {
          await page.evaluate((json) => window.postMessage(JSON.parse(json), "*"), JSON.stringify(message));
        },
        async screenshot(name) {
          const path = join(ARTIFACTS, `${name}.png`);
          await page.screenshot({ path });
          return path;
        },
      };
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** One browser and server per test file: started before its tests, closed after them. */
export function chromiumSession(): () => Session {
  let session: Session | undefined;
  before(async () => {
    session = await startSession();
  });
  after(async () => {
    await session?.close();
  });
  return () => {
    if (!session) throw new Error("the Chromium session has not started");
    return session;
  };
}
