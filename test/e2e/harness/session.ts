// One UI session as every editor test needs it: a throwaway workspace (examples/ plus the test fixtures), a code-server
// with the built .vsix installed, and a browser page on its workbench. close() undoes all three, in reverse order.
import { after, afterEach, before } from "node:test";
import type { Page } from "playwright-core";
import { startCodeServer, type CodeServer, type CodeServerOptions } from "../../../scripts/code-server/launch";
import { builtVsix, repoRoot, screenshotPath } from "./paths";
import { launchBrowser, openWorkbench, workbenchUrl, type Browser } from "./workbench";
import { makeWorkspace, type Workspace } from "./workspace";

export interface Session {
  workspace: Workspace;
  page: Page;
  /** The workbench URL with the workspace open (to reopen after a reload). */
  url: string;
  close(): Promise<void>;
}

type SessionOptions = Pick<CodeServerOptions, "settings" | "trustAll">;

async function openSession(opts: SessionOptions = {}): Promise<Session> {
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
    return { workspace, page: browser.page, url, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * One session for all the tests of the calling `describe`: opened before the first, closed after the last, and with
 * `shots` a screenshot after each test, test-artifacts/e2e/<shots>-<test name>.png. The returned object is filled in
 * by the time the first test runs: read it (`session.page`) inside tests and hooks, not at describe time.
 */
export function sharedSession(opts: SessionOptions, shots?: string): Session {
  const session = {} as Session;
  before(async () => { Object.assign(session, await openSession(opts)); });
  if (shots) {
    afterEach(async (t) => {
      await session.page?.screenshot({ path: screenshotPath(`${shots}-${t.name.replace(/\W+/g, "-").slice(0, 60)}`) });
    });
  }
  after(async () => { await session.close?.(); });
  return session;
}
