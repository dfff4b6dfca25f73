// One UI session as every editor test needs it: a throwaway workspace (examples/ plus the test fixtures), a code-server
// with the built .vsix installed, and a browser page on its workbench. close() undoes all three, in reverse order.
import type { Page } from "playwright-core";
import { startCodeServer, type CodeServer, type CodeServerOptions } from "../../../scripts/code-server/launch";
import { builtVsix, repoRoot } from "./paths";
import { launchBrowser, openWorkbench, workbenchUrl, type Browser } from "./workbench";
import { makeWorkspace, type Workspace } from "./workspace";

export interface Session {
  workspace: Workspace;
  server: CodeServer;
  browser: Browser;
  page: Page;
  /** The workbench URL with the workspace open (to reopen after a reload). */
  url: string;
  close(): Promise<void>;
}

export async function openSession(opts: Pick<CodeServerOptions, "settings" | "trustAll"> = {}): Promise<Session> {
  const workspace = makeWorkspace();
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.stop();
    workspace.dispose();
  };
  try {
    server = await startCodeServer({ repoRoot, vsix: builtVsix(), ...opts });
    browser = await launchBrowser();
    const url = workbenchUrl(server.url, workspace.dir);
    await openWorkbench(browser.page, url);
    return { workspace, server, browser, page: browser.page, url, close };
  } catch (e) {
    await close();
    throw e;
  }
}
