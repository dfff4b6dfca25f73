// "Check gradients · ✓ passed" and "Show graph" above each exported defineCheck. Positions come from the text
// (checkLocations.ts) so the lenses are there before the first run; verdicts come from the last run.
import * as vscode from "vscode";
import { checkLocations, verdictText } from "./checkLocations";
import type { RunStore } from "./runStore";

export class CheckCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: { dispose(): void }[];

  constructor(private readonly store: RunStore) {
    this.subscriptions = [
      store.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration("gradlens.codeLens.enabled") && this.changed.fire()),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration("gradlens").get<boolean>("codeLens.enabled", true)) return [];
    const text = document.getText();
    if (!text.includes("defineCheck")) return [];
    const run = this.store.get(document.uri.fsPath);
    const stale = run !== undefined && run.text !== text;
    return checkLocations(text).flatMap((loc) => {
      const range = new vscode.Range(loc.line - 1, loc.column - 1, loc.line - 1, loc.column - 1);
      const verdict = verdictText(run?.result.report, loc.name, stale);
      return [
        new vscode.CodeLens(range, { title: `Check gradients · ${verdict}`, command: "gradlens.runCheck", arguments: [document.uri, loc.name] }),
        new vscode.CodeLens(range, { title: "Show graph", command: "gradlens.showPanel", arguments: [document.uri, loc.name] }),
      ];
    });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
