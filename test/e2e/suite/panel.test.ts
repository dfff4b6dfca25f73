// The graph panels' host side inside code-server's extension host (run by the e2e harness, mocha tdd): one panel per
// model file, what a panel's page asks for (save the SVG or the Markdown, reveal a line, run again), panels revived
// after a restart, and cancelling a run. The page's part is played through the API activate() returns: a test cannot
// click inside a webview, so `panels.get(file).receive(message)` delivers what the page would post.
import * as assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import * as vscode from "vscode";
import type { GradlensApi } from "../../../src/extension/extension";
import type { RunResult } from "../../../src/protocol";

const fileUri = (name: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);

async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fileUri(name));
  await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  return doc;
}

const runCheck = () => vscode.commands.executeCommand<RunResult | undefined>("gradlens.runCheck");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The tabs of gradlens panels, by label. */
const panelTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
  .filter((t) => t.input instanceof vscode.TabInputWebview && t.label.startsWith("gradlens"));
const tabLabels = () => panelTabs().map((t) => t.label).sort();

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  for (let waited = 0; !ok(); waited += 100) {
    if (waited > ms) assert.fail(`waited ${ms} ms for ${what}`);
    await sleep(100);
  }
}

suite("gradlens graph panels", function () {
  this.timeout(120_000);
  let api: GradlensApi;
  const settings = () => vscode.workspace.getConfiguration("gradlens");
  const twoLayer = fileUri("two-layer.ts").fsPath;
  const reluVsClamp = fileUri("relu-vs-clamp.ts").fsPath;

  suiteSetup(async () => {
    api = await vscode.extensions.getExtension<GradlensApi>("gradlens.gradlens")!.activate();
    console.log(`    (gradlens activate() took ${api.activationMs.toFixed(1)} ms)`);
    await settings().update("timeout", 90_000, vscode.ConfigurationTarget.Global);
    // Other suites share this window: start without their panels.
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    await until("the other suites' panels to close", () => api.panels.files.length === 0);
  });
  suiteTeardown(async () => {
    await settings().update("timeout", undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
  });

  test("two model files get two panels; showing a file again reveals its own", async () => {
    await open("two-layer.ts");
    assert.ok((await runCheck())?.report.ok);
    await open("relu-vs-clamp.ts");
    assert.ok(await runCheck());
    assert.deepEqual([...api.panels.files].sort(), [reluVsClamp, twoLayer].sort());
    await until("both tabs", () => tabLabels().length === 2);
    assert.deepEqual(tabLabels(), ["gradlens: relu-vs-clamp.ts", "gradlens: two-layer.ts"]);

    await vscode.commands.executeCommand("gradlens.showPanel", fileUri("two-layer.ts"));
    await sleep(300);
    assert.equal(api.panels.files.length, 2, "Show Graph Panel opened a second panel for the same file");
    assert.deepEqual(tabLabels(), ["gradlens: relu-vs-clamp.ts", "gradlens: two-layer.ts"]);
  });

  test("closing one panel keeps the other, whose Run again re-runs its own file", async () => {
    const tab = panelTabs().find((t) => t.label === "gradlens: two-layer.ts");
    assert.ok(tab, tabLabels().join(", "));
    await vscode.window.tabGroups.close(tab);
    await until("the closed panel to be disposed", () => api.panels.get(twoLayer) === undefined);
    assert.deepEqual(api.panels.files, [reluVsClamp]);
    assert.deepEqual(tabLabels(), ["gradlens: relu-vs-clamp.ts"]);

    const reluBefore = api.lastRun(reluVsClamp);
    const twoLayerBefore = api.lastRun(twoLayer);
    await api.panels.get(reluVsClamp)!.receive({ type: "rerun" });
    assert.notEqual(api.lastRun(reluVsClamp), reluBefore, "Run again did not re-run the panel's file");
    assert.equal(api.lastRun(twoLayer), twoLayerBefore, "Run again ran another file");
  });

  test("Save SVG and Save Markdown write what the page sent where the save dialog says", async () => {
    await open("two-layer.ts");
    await vscode.commands.executeCommand("gradlens.showPanel", fileUri("two-layer.ts"));
    const panel = api.panels.get(twoLayer);
    assert.ok(panel);
    const folder = mkdtempSync(join(tmpdir(), "gradlens-export-"));
    const suggested: string[] = [];
    const dialog = api.panelHost.savePath;
    api.panelHost.savePath = async (defaultUri) => {
      suggested.push(defaultUri!.fsPath);
      return vscode.Uri.file(join(folder, basename(defaultUri!.fsPath)));
    };
    try {
      const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>h_relu · [64, 100]</text></svg>';
      await panel.receive({ type: "saveSvg", svg, check: "twoLayer" });
      const markdown = "# two-layer.ts\n\n| input | ok |\n| --- | --- |\n| w1 | ✓ |\n";
      await panel.receive({ type: "saveMarkdown", markdown });

      assert.equal(suggested.length, 2);
      for (const path of suggested) assert.equal(dirname(path), dirname(twoLayer), "the dialog should start beside the model");
      assert.equal(basename(suggested[0]), "two-layer-twoLayer.svg", "the diagram's file is named after its check");
      assert.equal(basename(suggested[1]), "two-layer.md", "the report covers every check");
      assert.equal(readFileSync(join(folder, basename(suggested[0])), "utf8"), svg);
      assert.equal(readFileSync(join(folder, basename(suggested[1])), "utf8"), markdown);

      // Cancelling the dialog writes nothing.
      api.panelHost.savePath = async () => undefined;
      await panel.receive({ type: "saveSvg", svg: "<svg/>" });
      assert.equal(readFileSync(join(folder, basename(suggested[0])), "utf8"), svg);
    } finally {
      api.panelHost.savePath = dialog;
    }
  });

  test("Reveal shows the panel's model file with the cursor at the line and column", async () => {
    await open("relu-vs-clamp.ts");
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, reluVsClamp);
    await api.panels.get(twoLayer)!.receive({ type: "reveal", line: 7, column: 3 });
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, twoLayer);
    assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [6, 2]);
    assert.ok(editor.selection.isEmpty);
  });

  test("a page asking for a sampled node's full values gets the run's real values and gradient", async () => {
    await open("two-layer.ts");
    const result = await runCheck();
    const panel = api.panels.get(twoLayer);
    assert.ok(result && panel);
    const trace = result.traces.find((t) => t.check === "twoLayer")!;
    const hRelu = trace.nodes.find((n) => n.label === "h_relu")!;
    assert.equal(hRelu.complete, false, "h_relu [64, 100] should travel as a sample");
    const reply = await panel.receive({ type: "requestValues", check: "twoLayer", node: hRelu.id });
    assert.ok(reply && reply.type === "values" && reply.data && reply.gradData, JSON.stringify(reply).slice(0, 300));
    assert.deepEqual(reply.shape, [64, 100]);
    assert.equal(reply.data.length, 6400);
    assert.equal(reply.gradData.length, 6400);
    // The sample the trace carries is the start of the full values; the summaries hold for every element.
    assert.deepEqual(reply.data.slice(0, hRelu.data!.length), hRelu.data);
    assert.deepEqual(reply.gradData.slice(0, hRelu.gradData!.length), hRelu.gradData);
    assert.equal(reply.data.filter((v) => v === 0).length, hRelu.value.zeros);
    assert.equal(Math.max(...reply.data), hRelu.value.max);
    assert.equal(Math.min(...reply.gradData), hRelu.grad!.min);

    const missing = await panel.receive({ type: "requestValues", check: "twoLayer", node: 10_000 });
    assert.ok(missing && missing.type === "values" && missing.unavailable && !missing.data);
  });

  test("a panel VS Code restores after a restart is its file's panel again", async () => {
    await vscode.commands.executeCommand("workbench.action.closeAllEditors");
    await until("every panel to close", () => api.panels.files.length === 0);
    // What the serializer is handed at startup: a bare panel of our view type and the state its page saved.
    const restored = vscode.window.createWebviewPanel("gradlens.graph", "restored", vscode.ViewColumn.Beside);
    api.panels.revive(restored, { file: twoLayer, check: "twoLayer" });
    assert.equal(restored.title, "gradlens: two-layer.ts");
    assert.equal(api.panels.get(twoLayer)?.title, "gradlens: two-layer.ts");
    await vscode.commands.executeCommand("gradlens.showPanel", fileUri("two-layer.ts"));
    await sleep(300);
    assert.deepEqual(tabLabels(), ["gradlens: two-layer.ts"], "Show Graph Panel opened another panel beside the restored one");

    // A panel whose page never showed a file has nothing to restore: it is closed, not kept empty.
    const empty = vscode.window.createWebviewPanel("gradlens.graph", "gradlens", vscode.ViewColumn.Beside);
    await sleep(300); // as at startup, the workbench has the panel before the serializer is asked about it
    let disposed = false;
    empty.onDidDispose(() => { disposed = true; });
    api.panels.revive(empty, {});
    assert.ok(disposed);
    assert.deepEqual(api.panels.files, [twoLayer]);
  });

  test("cancelling a run (as its notification's Cancel does) ends it cancelled, and the status bar says so", async () => {
    const endless = fileUri("infinite-loop.ts").fsPath;
    await open("infinite-loop.ts");
    const before = api.lastRun(endless);
    const run = runCheck();
    await until("the run to start", () => /checking infinite-loop\.ts/.test(api.statusText()));
    await sleep(500);
    api.cancelRun();
    assert.equal(await run, undefined, "a cancelled run reported a result");
    assert.equal(api.statusText(), "gradlens: cancelled");
    assert.equal(api.lastRun(endless), before, "a cancelled run replaced the file's last run");
    assert.equal(api.panels.get(endless), undefined, "a cancelled run opened a panel");
  });
});
