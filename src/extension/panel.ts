// The graph panels' host side: one webview panel per model file, each showing its own file's last run. A page is set
// once; runs, theme changes and selections are pushed with postMessage (HostToWebview), and a panel's requests
// (WebviewToHost) reveal lines in its file, save exports and re-run its file. The browser side is src/webview/main.ts.
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { HostToWebview, NodeRef, NodeValues, PanelState, ThemeKind, WebviewToHost } from "../protocol";
import { panelHtml } from "./panelHtml";
import { exportPath, panelTitle } from "./panelNames";
import { valuesReply } from "./panelValues";
import { runnerClient } from "./runnerClient";
import type { LastRun, RunStore } from "./runStore";

export const PANEL_VIEW_TYPE = "gradlens.graph";

/** Asks where to save an export; undefined when the user cancels. VS Code's save dialog, unless a test answers. */
export type SavePath = (suggested: vscode.Uri | undefined, filters: Record<string, string[]>) => Thenable<vscode.Uri | undefined>;

export const saveDialog: SavePath = (defaultUri, filters) => vscode.window.showSaveDialog({ defaultUri, filters });

export interface PanelHost {
  extensionUri: vscode.Uri;
  store: RunStore;
  log: vscode.LogOutputChannel;
  rerun(file: string): Thenable<unknown>;
  savePath: SavePath;
}

/** The open graph panels, one per model file (keyed by its absolute path). */
export class GraphPanels implements vscode.Disposable {
  private readonly byFile = new Map<string, GraphPanel>();

  constructor(private readonly host: PanelHost) {}

  /** Opens `file`'s panel beside the editor, or brings it forward, showing the file's last run. */
  createOrShow(file: string, check?: string, preserveFocus = false): GraphPanel {
    const existing = this.byFile.get(file);
    if (existing) {
      existing.reveal(preserveFocus);
      existing.show(check);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, panelTitle(file),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus }, webviewOptions(this.host.extensionUri));
    return this.adopt(panel, file, check);
  }

  /**
   * Takes back a panel VS Code kept across a restart, for the file its page saved in its state; the page redraws that
   * file's last result from the same state. A panel that never showed a file, or whose file already has a panel, goes.
   */
  revive(panel: vscode.WebviewPanel, state: PanelState | undefined): void {
    const file = state?.file;
    if (!file || this.byFile.has(file)) return panel.dispose();
    this.adopt(panel, file, state.check);
  }

  /** After a run: the file's panel, when open, shows it (other files' panels keep theirs). */
  refresh(run: LastRun): void {
    this.byFile.get(run.file)?.show(undefined);
  }

  get(file: string): GraphPanel | undefined {
    return this.byFile.get(file);
  }

  /** Files with an open panel, in the order their panels opened. */
  get files(): string[] {
    return [...this.byFile.keys()];
  }

  private adopt(panel: vscode.WebviewPanel, file: string, check: string | undefined): GraphPanel {
    const graphPanel: GraphPanel = new GraphPanel(panel, this.host, file, check, () => {
      if (this.byFile.get(file) === graphPanel) this.byFile.delete(file);
    });
    this.byFile.set(file, graphPanel);
    return graphPanel;
  }

  dispose(): void {
    for (const panel of [...this.byFile.values()]) panel.dispose();
  }
}

/** One model file's panel. */
export class GraphPanel {
  private readonly disposables: vscode.Disposable[] = [];
  /** The page posts `ready` once its script runs (again after each hide/restore); messages before that are lost. */
  private ready = false;

  constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly host: PanelHost,
    readonly file: string,
    private check: string | undefined,
    private readonly onDispose: () => void,
  ) {
    const webview = panel.webview;
    webview.options = webviewOptions(host.extensionUri);
    const asUri = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(host.extensionUri, ...path)).toString();
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString("base64url"),
      scriptUri: asUri("dist", "webview", "panel.js"),
      styleUri: asUri("media", "panel.css"),
      file,
    });
    panel.title = panelTitle(file);
    this.disposables.push(
      webview.onDidReceiveMessage((m: WebviewToHost) => this.receive(m)),
      vscode.window.onDidChangeActiveColorTheme((t) => this.post({ type: "theme", kind: themeKind(t.kind) })),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  get title(): string {
    return this.panel.title;
  }

  reveal(preserveFocus: boolean): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  /** Pushes the file's last run (a check named selects it; otherwise the page keeps its own selection). */
  show(check: string | undefined): void {
    this.check = check ?? this.check;
    const run = this.host.store.get(this.file);
    if (!run || !this.ready) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === run.file);
    const stale = open !== undefined && open.getText() !== run.text;
    this.post({ type: "show", file: run.file, result: run.result, check: this.check, stale });
  }

  private post(message: HostToWebview): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  /**
   * A message from the page; resolves once it is acted on, with the answer posted back when there is one
   * (`values` for `requestValues`). The extension-host tests play the page through this.
   */
  async receive(m: WebviewToHost): Promise<HostToWebview | void> {
    switch (m.type) {
      case "ready":
        this.ready = true;
        this.post({ type: "theme", kind: themeKind(vscode.window.activeColorTheme.kind) });
        return this.show(undefined);
      case "reveal":
        return this.revealLine(m.line, m.column);
      case "saveSvg":
        return this.save(m.svg, "svg", "SVG image", m.check);
      case "saveMarkdown":
        // The report covers every check of the file.
        return this.save(m.markdown, "md", "Markdown", undefined);
      case "rerun":
        await this.host.rerun(this.file);
        return;
      case "requestValues": {
        const reply: HostToWebview = { type: "values", ...this.valuesOf(m) };
        // Not held back until `ready`: the page that asked is running (a restored page asks before it says ready).
        void this.panel.webview.postMessage(reply);
        return reply;
      }
    }
  }

  /** The full values the runner's client kept of the file's last run (without a run, the client is not loaded). */
  private valuesOf(m: NodeRef): NodeValues {
    const run = this.host.store.get(this.file)?.result;
    const held = run ? runnerClient().fullValues(this.file, m.check, m.node, m.manual === true) : undefined;
    return valuesReply(m, run, held);
  }

  /** Shows the model file at a 1-based line in the editor column that already shows it, else the first one. */
  private async revealLine(line: number, column = 1): Promise<void> {
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === this.file);
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(this.file),
      { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One });
    const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, column - 1));
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async save(text: string, extension: string, kind: string, check: string | undefined): Promise<void> {
    const target = await this.host.savePath(vscode.Uri.file(exportPath(this.file, check, extension)), { [kind]: [extension] });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(text, "utf8"));
    this.host.log.info(`saved ${kind} to ${target.fsPath}`);
  }

  dispose(): void {
    this.onDispose();
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
