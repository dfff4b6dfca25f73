// Workspace trust: in a folder the user has not trusted, gradlens must run no model code at all, and say why.
// A separate code-server with trust enabled; the fixture leaves-marker.ts creates model-code-ran.txt whenever it runs.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { repoRoot, screenshotPath } from "./harness/paths";
import { sharedSession } from "./harness/session";
import { notificationText, openFile, runCommand, statusText } from "./harness/workbench";

describe("gradlens in an untrusted workspace", () => {
  const session = sharedSession({ trustAll: false });
  let marker: string;
  before(() => { marker = join(session.workspace.dir, "model-code-ran.txt"); });

  it("the fixture does leave its marker when it runs (so its absence below means something)", () => {
    const r = spawnSync(process.execPath, [join(repoRoot, "dist/cli.js"), "check", join(session.workspace.dir, "leaves-marker.ts")],
      { encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.ok(existsSync(marker), "running leaves-marker.ts did not create the marker");
    rmSync(marker);
  });

  it("runs no model code and says the workspace is not trusted", async () => {
    const { page } = session;
    await statusText(page, /Restricted Mode/);
    await openFile(page, "leaves-marker.ts");
    await runCommand(page, "Run Gradient Check");
    const why = await notificationText(page, /not trusted/, 20_000);
    await page.screenshot({ path: screenshotPath("untrusted") });
    assert.match(why, /gradlens did not run leaves-marker\.ts/);
    assert.equal(await statusText(page, /gradlens:/), "gradlens: workspace not trusted");
    // A run would have written the marker within a second; give it several before believing nothing ran.
    await page.waitForTimeout(3000);
    assert.equal(existsSync(marker), false, "model code ran in an untrusted workspace");
  });
});
