// Hovers in model files: a thin shell over hoverText.ts, which reads the last run's trace. Never runs code.
import * as vscode from "vscode";
import { hoverMarkdown } from "./hoverText";
import { clockTime, type RunStore } from "./runStore";

const identifier = /[A-Za-z_$][\w$]*/;

export class TraceHoverProvider implements vscode.HoverProvider {
  constructor(private readonly store: RunStore) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (!vscode.workspace.getConfiguration("gradlens").get<boolean>("hover.enabled", true)) return undefined;
    const run = this.store.get(document.uri.fsPath);
    const range = run && document.getWordRangeAtPosition(position, identifier);
    if (!run || !range) return undefined;
    const query = { line: range.start.line + 1, column: range.start.character + 1, word: document.getText(range) };
    const markdown = hoverMarkdown(run.result, query, { stale: document.getText() !== run.text, ranAt: clockTime(run.finishedAt) });
    return markdown === undefined ? undefined : new vscode.Hover(new vscode.MarkdownString(markdown), range);
  }
}
