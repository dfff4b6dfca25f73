// gradlens in VS Code: wires the commands, providers, status bar and panel together. activate() only registers
// things; the runner (esbuild, workers) loads after it, off its path, so activation stays cheap (it is timed in the log).
import * as vscode from "vscode";
import type { PanelState, RunResult } from "../protocol";
import { checkAt, checkLocations } from "./checkLocations";
import { CheckRunner } from "./checkRunner";
import { CheckCodeLensProvider } from "./codeLens";
import { TraceHoverProvider } from "./hover";
import { GraphPanels, PANEL_VIEW_TYPE, saveDialog, type PanelHost } from "./panel";
import { runnerClient } from "./runnerClient";
import { RunStore } from "./runStore";
import { SaveDebouncer } from "./saveDebouncer";

/** How long after activation the runner is loaded and a run process started, so a window's start is not slowed. */
const WARM_UP_DELAY_MS = 1500;

const NO_RUN_YET = "gradlens: no check has run yet. Open a model file and run Run Gradient Check.";
const modelFiles: vscode.DocumentSelector = [{ language: "typescript", scheme: "file" }];

/** What activate() returns: for the extension-host tests, which read the last run without screen-scraping. */
export interface GradlensApi {
  lastRun(file: string): RunResult | undefined;
  activationMs: number;
  /** The graph panels, one per model file: the tests play a page's part through `get(file).receive(message)`. */
  panels: GraphPanels;
  /** What the panels use; the tests answer the save dialog by replacing `savePath`. */
  panelHost: PanelHost;
  /** The run under way stops, exactly as when its progress notification is cancelled. */
  cancelRun(): void;
  /** The status bar item's words, which the tests cannot read from the workbench. */
  statusText(): string;
}

export function activate(context: vscode.ExtensionContext): GradlensApi {
  const activateStart = performance.now();
  const log = vscode.window.createOutputChannel("gradlens", { log: true });
  const store = new RunStore();
  const problems = vscode.languages.createDiagnosticCollection("gradlens");
  const status = vscode.window.createStatusBarItem("gradlens.status", vscode.StatusBarAlignment.Left, 50);
  status.name = "gradlens";
  status.text = "gradlens";
  status.tooltip = "Run Gradient Check on the active model file";
  status.command = "gradlens.runCheck";
  status.show();

  const panelHost: PanelHost = {
    extensionUri: context.extensionUri,
    store,
    log,
    rerun: (file) => runner.run(vscode.Uri.file(file), { interactive: true }),
    savePath: saveDialog,
  };
  const panels = new GraphPanels(panelHost);
  const runner = new CheckRunner(panelHost, panels, problems, status);
  const onSave = new SaveDebouncer(400, (uri) => void runner.run(uri, { interactive: false }));
  const command = (id: string, fn: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, fn);

  context.subscriptions.push(
    log, problems, status, panels, runner, onSave,
    command("gradlens.runCheck", (uri?: vscode.Uri, check?: string) => {
      const target = uri ?? modelFileToRun(store);
      return target ? runner.run(target, { interactive: true, check: check ?? checkAtCursor(target) }) : undefined;
    }),
    command("gradlens.showPanel", (uri?: vscode.Uri, check?: string) => {
      const file = uri?.fsPath ?? activeFileWithRun(store) ?? store.latest?.file;
      if (!file) return void vscode.window.showInformationMessage(NO_RUN_YET);
      panels.createOrShow(file, check ?? checkAtCursor(vscode.Uri.file(file)));
    }),
    command("gradlens.rerun", () => {
      if (store.latest) return runner.run(vscode.Uri.file(store.latest.file), { interactive: true });
      void vscode.window.showInformationMessage(NO_RUN_YET);
    }),
    command("gradlens.openReportJson", async (uri?: vscode.Uri) => {
      const run = store.get(uri?.fsPath ?? activeFileWithRun(store) ?? "") ?? store.latest;
      if (!run) return void vscode.window.showInformationMessage("gradlens: no report yet. Run Run Gradient Check first.");
      const doc = await vscode.workspace.openTextDocument({ language: "json", content: JSON.stringify(run.result.report, null, 2) });
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    vscode.languages.registerCodeLensProvider(modelFiles, new CheckCodeLensProvider(store)),
    vscode.languages.registerHoverProvider(modelFiles, new TraceHoverProvider(store)),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: PanelState | undefined) => panels.revive(panel, state),
    }),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      const runOnSave = vscode.workspace.getConfiguration("gradlens").get<boolean>("runOnSave", false);
      if (runOnSave && isModelFile(doc)) onSave.saved(doc.uri);
    }),
  );

  // The first run's cold start (loading the runner and esbuild, forking a run process, the labels worker's compiler)
  // is paid ahead, once the workspace is trusted. The spare process holds no user code until a run hands it some.
  const warmUp = () => {
    if (vscode.workspace.isTrusted) runnerClient().prewarm();
  };
  const warmTimer = setTimeout(warmUp, WARM_UP_DELAY_MS);
  context.subscriptions.push({ dispose: () => clearTimeout(warmTimer) }, vscode.workspace.onDidGrantWorkspaceTrust(warmUp));

  // The bundle's load time before this call is the extension host's to measure (Developer: Show Running Extensions).
  const activationMs = performance.now() - activateStart;
  log.info(`activated in ${activationMs.toFixed(1)} ms`);
  return {
    lastRun: (file) => store.get(file)?.result, activationMs, panels, panelHost,
    cancelRun: () => runner.cancel(),
    statusText: () => status.text,
  };
}

export function deactivate(): void {}

/** A TypeScript file that declares checks: the only kind of file a save re-runs. */
const isModelFile = (doc: vscode.TextDocument) => doc.languageId === "typescript" && doc.getText().includes("defineCheck");

/**
 * The active TypeScript editor's file; while the graph panel or another non-text editor is active, a visible
 * TypeScript editor's, else the file checked last.
 */
function modelFileToRun(store: RunStore): vscode.Uri | undefined {
  const isTs = (e: vscode.TextEditor | undefined) => e?.document.languageId === "typescript" && e.document.uri.scheme === "file";
  const editor = [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors].find(isTs);
  if (editor) return editor.document.uri;
  if (store.latest) return vscode.Uri.file(store.latest.file);
  void vscode.window.showWarningMessage("gradlens: open a TypeScript model file (one that exports defineCheck) to run a gradient check.");
  return undefined;
}

/** The check around the cursor when `uri` is the active editor, else the file's first (in source order, not the report's). */
function checkAtCursor(uri: vscode.Uri): string | undefined {
  const editor = vscode.window.activeTextEditor;
  const document = editor?.document.uri.fsPath === uri.fsPath ? editor.document
    : vscode.workspace.textDocuments.find((d) => d.uri.fsPath === uri.fsPath);
  if (!document) return undefined;
  const line = editor?.document === document ? editor.selection.active.line + 1 : 1;
  return checkAt(checkLocations(document.getText()), line);
}

function activeFileWithRun(store: RunStore): string | undefined {
  const file = vscode.window.activeTextEditor?.document.uri.fsPath;
  return file && store.get(file) ? file : undefined;
}
