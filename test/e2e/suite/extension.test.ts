// gradlens's extension host behaviour through VS Code's own API, run INSIDE code-server's extension host by the e2e
// harness (test/e2e/harness/extensionHostMain.ts, mocha tdd). The workspace is a copy of examples/ plus
// test/e2e/workspace-fixtures/. Each test drives a public entry point (a command, a provider query) and checks
// what a user would see: diagnostics at the right lines, hover text, lens titles.
import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import type { GradlensApi } from "../../../src/extension/extension";
import type { RunResult } from "../../../src/protocol";

const COMMANDS = ["gradlens.runCheck", "gradlens.showPanel", "gradlens.rerun", "gradlens.openReportJson"];

const fileUri = (name: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);

async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(fileUri(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Runs "Run Gradient Check" on the active editor, as the command palette does. */
const runCheck = () => vscode.commands.executeCommand<RunResult | undefined>("gradlens.runCheck");

/** 0-based position of the first character of `word` in the first line matching `line`. */
function positionOf(doc: vscode.TextDocument, line: RegExp, word: string): vscode.Position {
  for (let i = 0; i < doc.lineCount; i++) {
    const text = doc.lineAt(i).text;
    if (line.test(text)) return new vscode.Position(i, text.indexOf(word));
  }
  throw new Error(`${doc.fileName}: no line matches ${line}`);
}

async function hoverText(doc: vscode.TextDocument, at: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", doc.uri, at);
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === "string" ? c : "value" in c ? c.value : ""))).join("\n");
}

suite("gradlens extension host", function () {
  // A run loads the runner (the TypeScript compiler) and renders the panel on a busy 2-core machine: no speed claim here.
  this.timeout(120_000);

  // The default 10 s limit is for people; a test machine running several suites at once can need more.
  const settings = () => vscode.workspace.getConfiguration("gradlens");
  suiteSetup(async () => {
    await vscode.extensions.getExtension("gradlens.gradlens")!.activate();
    await settings().update("timeout", 90_000, vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(() => settings().update("timeout", undefined, vscode.ConfigurationTarget.Global));

  test("registers its commands", async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of COMMANDS) assert.ok(all.has(id), `${id} is not registered`);
  });

  test("Run Gradient Check passes the two-layer example and fills hovers and CodeLens", async () => {
    const doc = await open("two-layer.ts");
    const result = await runCheck();
    assert.ok(result, "the command returned no result");
    assert.equal(result.report.error, null);
    assert.ok(result.report.ok, JSON.stringify(result.report.checks.map((c) => [c.name, c.ok, c.error])));

    const hRelu = await hoverText(doc, positionOf(doc, /const h_relu = h\.clamp/, "h_relu"));
    assert.match(hRelu, /`h_relu`.*`\[64, 100\]` float64/);
    assert.match(hRelu, /gradient: /);
    const mm = await hoverText(doc, positionOf(doc, /const grad_w2 = h_relu\.t\(\)\.mm/, "mm(grad_y_pred)"));
    assert.match(mm, /\[100, 64\] · \[64, 10\] → \[100, 10\]/);
    const gradW2 = await hoverText(doc, positionOf(doc, /const grad_w2 =/, "grad_w2"));
    assert.match(gradW2, /`grad_w2` `\[100, 10\]` — matches dL\/dw2/);
    assert.equal(await hoverText(doc, positionOf(doc, /^import/, "import")), "", "a hover where no tensor was made");

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", doc.uri);
    const titles = lenses.map((l) => l.command?.title ?? "");
    const checks = result.report.checks.length;
    assert.equal(titles.filter((t) => t === "Check gradients · ✓ passed").length, checks, titles.join(" | "));
    assert.equal(titles.filter((t) => t === "Show graph").length, checks);
    const firstCheckLine = positionOf(doc, /^export const \w+ = defineCheck\(/, "export").line;
    assert.equal(lenses[0].range.start.line, firstCheckLine);
  });

  test("a hover says when the file changed since the run", async () => {
    const doc = await open("two-layer.ts");
    await runCheck();
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), "// edited\n");
    await vscode.workspace.applyEdit(edit);
    try {
      const text = await hoverText(doc, positionOf(doc, /const h_relu = h\.clamp/, "h_relu"));
      assert.match(text, /changed since/);
    } finally {
      await vscode.commands.executeCommand("workbench.action.files.revert");
    }
  });

  test("a wrong custom backward is an error in Problems at the customOp line", async () => {
    const doc = await open("wrong-backward.ts");
    const result = await runCheck();
    assert.ok(result && !result.report.ok, "wrong-backward.ts should fail");
    const defLine = positionOf(doc, /^\s*(export\s+)?const\s+\w+\s*=\s*customOp\(/, "const").line;
    const problems = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === "gradlens");
    const blame = problems.find((d) => d.range.start.line === defLine && d.severity === vscode.DiagnosticSeverity.Error);
    assert.ok(blame, `no error at line ${defLine + 1}: ${problems.map((d) => `${d.range.start.line + 1} ${d.message}`).join("\n")}`);
    assert.match(blame.message, /backward/i);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", doc.uri);
    assert.ok(lenses.some((l) => /^Check gradients · ✗ failed/.test(l.command?.title ?? "")));
  });

  test("Open Report as JSON shows the last report", async () => {
    await open("two-layer.ts");
    const result = await runCheck();
    await vscode.commands.executeCommand("gradlens.openReportJson");
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.languageId, "json");
    assert.deepEqual(JSON.parse(editor.document.getText()), JSON.parse(JSON.stringify(result!.report)));
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
  });

  test("a new run cancels the one still running (its worker is terminated)", async () => {
    await open("infinite-loop.ts");
    const endless = runCheck();
    await new Promise((r) => setTimeout(r, 500));
    await open("two-layer.ts");
    const second = await runCheck();
    assert.equal(await endless, undefined, "the cancelled run still reported a result");
    assert.ok(second?.report.ok);
  });

  test("with gradlens.runOnSave on, saving a model file re-runs it", async () => {
    const api = vscode.extensions.getExtension<GradlensApi>("gradlens.gradlens")!.exports;
    const doc = await open("relu-vs-clamp.ts");
    const before = api.lastRun(doc.uri.fsPath);
    await settings().update("runOnSave", true, vscode.ConfigurationTarget.Global);
    // A line inserted at the start of the last line, removed again afterwards whether or not the file ends in "\n".
    const end = new vscode.Position(doc.lineCount - 1, 0);
    try {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(doc.uri, end, "// saved by the e2e suite\n");
      await vscode.workspace.applyEdit(edit);
      await doc.save();
      for (let i = 0; i < 600 && api.lastRun(doc.uri.fsPath) === before; i++) await new Promise((r) => setTimeout(r, 100));
      const after = api.lastRun(doc.uri.fsPath);
      assert.ok(after && after !== before, "no run followed the save");
      assert.equal(after.report.error, null);
    } finally {
      await settings().update("runOnSave", undefined, vscode.ConfigurationTarget.Global);
      const undo = new vscode.WorkspaceEdit();
      undo.delete(doc.uri, new vscode.Range(end, new vscode.Position(end.line + 1, 0)));
      await vscode.workspace.applyEdit(undo);
      await doc.save();
    }
  });

  test("Show Graph Panel opens the panel", async () => {
    await open("two-layer.ts");
    await vscode.commands.executeCommand("gradlens.showPanel");
    const panelTab = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .find((t) => t.input instanceof vscode.TabInputWebview && t.label === "gradlens: two-layer.ts");
    for (let i = 0; i < 50 && !panelTab(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(panelTab(), vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).join(", "));
  });
});
