// Runs the mocha suites of test/e2e/suite/ inside code-server's real extension host, with gradlens loaded from the
// repository as an extension under development (VS Code's extensionDevelopmentPath / extensionTestsPath options).
// The workbench calls window.codeAutomationExit with the suite's exit code: 0 all passed, 1 a failure or a load error.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startCodeServer, type CodeServer } from "../../scripts/code-server/launch";
import { repoRoot } from "./harness/paths";
import { launchBrowser, workbenchUrl, type Browser } from "./harness/workbench";
import { makeWorkspace, type Workspace } from "./harness/workspace";

/** Written by scripts/e2e.sh beside the suites it bundles into out/test/e2e/suite/. */
const testsEntry = join(__dirname, "extensionHostMain.js");
const SUITE_TIMEOUT_MS = 300_000;

describe("extension-host suites (test/e2e/suite)", () => {
  let server: CodeServer;
  let workspace: Workspace;
  let browser: Browser;

  before(async () => {
    workspace = makeWorkspace();
    server = await startCodeServer({ repoRoot });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    workspace?.dispose();
  });

  it("pass inside the extension host", async () => {
    const remote = (path: string) => `vscode-remote://${server.authority}${path}`;
    const url = workbenchUrl(server.url, workspace.dir, [
      ["extensionDevelopmentPath", remote(repoRoot)],
      ["extensionTestsPath", remote(testsEntry)],
    ]);
    const { page } = browser;
    let reportExit!: (code: number) => void;
    const exitCode = new Promise<number>((resolve) => { reportExit = resolve; });
    const timer = setTimeout(() => reportExit(124), SUITE_TIMEOUT_MS);
    await page.exposeFunction("codeAutomationExit", (code: number) => { clearTimeout(timer); reportExit(code); });
    // mocha's reporter inside the extension host writes through the workbench's console
    await page.exposeFunction("codeAutomationLog", (_type: string, args: unknown[]) => console.log(...args));
    await page.goto(url);
    const code = await exitCode;
    assert.equal(code, 0, code === 124 ? "the suites did not finish in time" : "extension-host suites failed; see the log above");
  });
});
