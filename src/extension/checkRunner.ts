// One gradient-check run of a model file, from the editor: trust gate, progress with cancellation, then the results
// everywhere they show (store → hovers/CodeLens, Problems, status bar, log, panel). One run at a time: a new run
// cancels the one before it, which terminates its worker.
import { basename } from "node:path";
import * as vscode from "vscode";
import type { Report, RunResult } from "../protocol";
import { diagnosticsFromReport } from "./diagnosticsFromReport";
import type { GraphPanels, PanelHost } from "./panel";
import { publishProblems } from "./problems";
import { runnerClient } from "./runnerClient";
import { RunStore } from "./runStore";
import { checkSettings } from "./settings";
import { statusText, statusTooltip } from "./statusText";

export interface RunRequest {
  /** The check to select in the panel (a CodeLens names one); the whole file runs either way. */
  check?: string;
  /** From a command: progress as a cancellable notification and the panel opened. From a save: quietly. */
  interactive: boolean;
}

export class CheckRunner implements vscode.Disposable {
  private running: AbortController | undefined;

  constructor(
    private readonly panelHost: PanelHost,
    private readonly panels: GraphPanels,
    private readonly problems: vscode.DiagnosticCollection,
    private readonly status: vscode.StatusBarItem,
  ) {}

  private get store(): RunStore {
    return this.panelHost.store;
  }

  private get log(): vscode.LogOutputChannel {
    return this.panelHost.log;
  }

  /** Resolves to the run's result, or undefined when nothing ran (untrusted, not a model file, cancelled). */
  async run(uri: vscode.Uri, request: RunRequest): Promise<RunResult | undefined> {
    const name = basename(uri.fsPath);
    if (!vscode.workspace.isTrusted) {
      this.refuseUntrusted(name, request.interactive);
      return undefined;
    }
    const document = await vscode.workspace.openTextDocument(uri);
    // The worker reads the file from disk: what the user sees must be what runs.
    if (document.isDirty) await document.save();
    const text = document.getText();

    this.cancel();
    const controller = new AbortController();
    this.running = controller;
    this.setStatus(`$(sync~spin) gradlens: checking ${name}`, `Running the gradient checks of ${uri.fsPath}`);
    const result = await this.runInWorker(uri, controller, request.interactive);
    // This run is over however it ended: a later cancel() has nothing of it left to stop. A newer run owns `running`.
    const latest = this.running === controller;
    if (latest) this.running = undefined;
    if (!result) return undefined; // gradlens itself failed: runInWorker said so
    if (controller.signal.aborted) {
      // Superseded by a newer run (which owns the status bar now) or cancelled by the user.
      if (latest) this.setStatus("gradlens: cancelled", `The run of ${name} was cancelled`);
      this.log.info(`${name}: run cancelled`);
      return undefined;
    }
    this.show(document, text, result, request);
    return result;
  }

  /** The run itself, under a progress indicator whose cancel button aborts it; undefined when gradlens itself failed. */
  private async runInWorker(uri: vscode.Uri, controller: AbortController, interactive: boolean): Promise<RunResult | undefined> {
    const name = basename(uri.fsPath);
    const config = vscode.workspace.getConfiguration("gradlens");
    const settings = checkSettings(userSetting(config), (key) => config.get(key));
    const progress = {
      location: interactive ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window,
      title: `gradlens: checking ${name}`,
      cancellable: true,
    };
    try {
      return await vscode.window.withProgress(progress, (_progress, token) => {
        token.onCancellationRequested(() => this.cancel(controller));
        return runnerClient().runFile(uri.fsPath, {
          ...settings,
          signal: controller.signal,
          workerPath: vscode.Uri.joinPath(this.panelHost.extensionUri, "dist", "worker.js").fsPath,
        });
      });
    } catch (e) {
      // runFile reports every failure of the model file in its result: this is gradlens itself failing (a missing bundle).
      const message = `gradlens could not run ${name}: ${e instanceof Error ? e.message : String(e)}`;
      this.log.error(message);
      this.setStatus("gradlens: internal error", message, true);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
  }

  private show(document: vscode.TextDocument, text: string, result: RunResult, request: RunRequest): void {
    const { report } = result;
    const run = { file: document.uri.fsPath, result, text, finishedAt: new Date() };
    this.store.set(run);
    void vscode.commands.executeCommand("setContext", "gradlens.hasRun", true);
    publishProblems(this.problems, document, diagnosticsFromReport(report, result.traces));
    this.setStatus(statusText(report), statusTooltip(report), !report.ok);
    this.logRun(run.file, result);
    if (report.error) this.notifyFileError(basename(run.file), report);
    if (request.interactive) this.panels.createOrShow(run.file, request.check, true);
    else this.panels.refresh(run);
  }

  private notifyFileError(name: string, report: Report): void {
    const error = report.error!;
    const timeout = vscode.workspace.getConfiguration("gradlens").get<number>("timeout");
    const message = error.code === "timeout"
      ? `gradlens: ${name} timed out after ${timeout} ms (an endless loop?). The setting gradlens.timeout allows longer runs.`
      : `gradlens: ${name}${error.line ? `:${error.line}` : ""}: ${error.message}`;
    void vscode.window.showErrorMessage(message, "Show Log").then((pick) => pick && this.log.show(true));
  }

  private logRun(file: string, result: RunResult): void {
    const { report, timings } = result;
    const ms = timings ? ` in ${Math.round(timings.totalMs)} ms (transpile ${Math.round(timings.transpileMs)}, ` +
      `worker start ${Math.round(timings.workerStartMs)}, run ${Math.round(timings.runMs)})` : "";
    this.log.info(`${file}: ${statusText(report)}${ms}`);
    if (report.error) this.log.error(`  ${report.error.code}: ${report.error.message}`);
    for (const c of report.checks) {
      this.log.info(`  ${c.ok ? "✓" : "✗"} ${c.name} (${c.mode})${c.error ? `: ${c.error.code}: ${c.error.message}` : ""}`);
    }
    if (result.output) this.log.info(`  output of the model file:\n${result.output}`);
  }

  private refuseUntrusted(name: string, interactive: boolean): void {
    this.setStatus("gradlens: workspace not trusted", "gradlens runs model code only in a trusted workspace");
    this.log.warn(`${name}: not run, the workspace is not trusted`);
    if (!interactive) return;
    const message = `gradlens did not run ${name}: checking gradients executes the model file's code, and this workspace ` +
      "is not trusted (Restricted Mode). Trust it to run checks; hovers from earlier runs keep working.";
    void vscode.window.showWarningMessage(message, "Manage Workspace Trust").then((pick) => {
      if (pick) void vscode.commands.executeCommand("workbench.trust.manage");
    });
  }

  private setStatus(text: string, tooltip: string, failed = false): void {
    this.status.text = text;
    this.status.tooltip = tooltip;
    this.status.backgroundColor = failed ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
    this.status.show();
  }

  /**
   * Stops a run (by default the one under way), as its notification's Cancel button does: its worker is terminated and
   * the status bar says the run was cancelled.
   */
  cancel(run = this.running): void {
    run?.abort();
  }

  dispose(): void {
    this.cancel();
  }
}

/** A setting only when the user set it somewhere: unset check settings leave each check's own values in force. */
const userSetting = (config: vscode.WorkspaceConfiguration) => (key: string): unknown => {
  const i = config.inspect(key);
  return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue;
};
