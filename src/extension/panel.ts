// The graph panel's host side: one webview panel that shows the last run of a model file. The page is set once;
// runs, theme changes and selections are pushed with postMessage (HostToWebview), and the panel's requests
// (WebviewToHost) reveal lines, save exports and re-run. The browser side is src/webview/main.ts.
import { randomBytes } from "node:crypto";
import { basename, dirname, join } from "node:path";
import * as vscode from "vscode";
import type { HostToWebview, PanelState, ThemeKind, WebviewToHost } from "../protocol";
import { panelHtml } from "./panelHtml";
import type { LastRun, RunStore } from "./runStore";

export const PANEL_VIEW_TYPE = "gradlens.graph";

export interface PanelHost {
  extensionUri: vscode.Uri;
  store: RunStore;
  log: vscode.LogOutputChannel;
  rerun(file: string): void;
}

export class GraphPanel {
  private static current: GraphPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The page posts `ready` once its script runs; messages sent before that would be lost. */
  private ready = false;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly host: PanelHost,
    private file: string | undefined,
    private check: string | undefined,
  ) {
    const webview = panel.webview;
    webview.options = webviewOptions(host.extensionUri);
    const asUri = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(host.extensionUri, ...path)).toString();
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString("base64url"),
      scriptUri: asUri("dist", "webview", "panel.js"),
      styleUri: asUri("media", "panel.css"),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m: WebviewToHost) => this.onMessage(m)),
      vscode.window.onDidChangeActiveColorTheme((t) => this.post({ type: "theme", kind: themeKind(t.kind) })),
      panel.onDidDispose(() => this.dispose()),
    );
    this.updateTitle();
  }

  /** Opens the panel beside the editor (or brings it forward) showing `file`'s last run. */
  static createOrShow(host: PanelHost, file: string | undefined, check?: string, preserveFocus = false): GraphPanel {
    const existing = GraphPanel.current;
    if (existing) {
      existing.panel.reveal(undefined, preserveFocus);
      existing.showFile(file, check);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, "gradlens", { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      webviewOptions(host.extensionUri));
    GraphPanel.current = new GraphPanel(panel, host, file, check);
    return GraphPanel.current;
  }

  /** Restores a panel VS Code kept across a restart; the page restores its own view from its saved state. */
  static revive(panel: vscode.WebviewPanel, host: PanelHost, state: PanelState | undefined): void {
    GraphPanel.current?.dispose();
    GraphPanel.current = new GraphPanel(panel, host, state?.file, state?.check);
  }

  /** After a run: an open panel follows it (the run of another file takes the panel over). */
  static refresh(run: LastRun): void {
    GraphPanel.current?.showFile(run.file, undefined);
  }

  static get isOpen(): boolean {
    return GraphPanel.current !== undefined;
  }

  private showFile(file: string | undefined, check: string | undefined): void {
    if (file !== this.file) this.check = undefined;
    this.file = file ?? this.file;
    this.check = check ?? this.check;
    this.updateTitle();
    this.pushRun();
  }

  private pushRun(): void {
    const run = this.file ? this.host.store.get(this.file) : undefined;
    if (!run || !this.ready) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === run.file);
    const stale = open !== undefined && open.getText() !== run.text;
    this.post({ type: "show", file: run.file, result: run.result, check: this.check, stale });
  }

  private post(message: HostToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private updateTitle(): void {
    this.panel.title = this.file ? `gradlens: ${basename(this.file)}` : "gradlens";
  }

  private onMessage(m: WebviewToHost): void {
    switch (m.type) {
      case "ready":
        this.ready = true;
        this.post({ type: "theme", kind: themeKind(vscode.window.activeColorTheme.kind) });
        this.pushRun();
        return;
      case "reveal":
        void this.reveal(m.line, m.column);
        return;
      case "saveSvg":
        void this.save(m.svg, "svg", "SVG image");
        return;
      case "saveMarkdown":
        void this.save(m.markdown, "md", "Markdown");
        return;
      case "rerun":
        if (this.file) this.host.rerun(this.file);
        return;
    }
  }

  /** Shows the model file at a 1-based line in the editor column that already shows it, else the first one. */
  private async reveal(line: number, column = 1): Promise<void> {
    if (!this.file) return;
    const uri = vscode.Uri.file(this.file);
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === this.file);
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One });
    const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async save(text: string, extension: string, kind: string): Promise<void> {
    const base = this.file ? basename(this.file).replace(/\.[^.]+$/, "") : "gradlens";
    const name = `${base}${this.check ? `-${this.check}` : ""}.${extension}`;
    const folder = this.file ? dirname(this.file) : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.file(join(folder, name)) : undefined,
      filters: { [kind]: [extension] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, "utf8"));
    this.host.log.info(`saved ${kind} to ${target.fsPath}`);
  }

  dispose(): void {
    if (GraphPanel.current === this) GraphPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/** Scripts on; files only from the two folders the page loads from. */
function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, "dist", "webview"), vscode.Uri.joinPath(extensionUri, "media")],
  };
}

function themeKind(kind: vscode.ColorThemeKind): ThemeKind {
  switch (kind) {
    case vscode.ColorThemeKind.Light:
      return "light";
    case vscode.ColorThemeKind.HighContrast:
      return "high-contrast";
    case vscode.ColorThemeKind.HighContrastLight:
      return "high-contrast-light";
    default:
      return "dark";
  }
}
