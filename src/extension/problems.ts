// Puts a run's problems into the one DiagnosticCollection, at the user's lines (the mapping is diagnosticsFromReport.ts).
import * as vscode from "vscode";
import type { Severity } from "../protocol";
import type { Problem } from "./diagnosticsFromReport";

const severities: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function publishProblems(collection: vscode.DiagnosticCollection, document: vscode.TextDocument, problems: Problem[]): void {
  collection.set(document.uri, problems.map((p) => {
    const diagnostic = new vscode.Diagnostic(rangeOf(document, p), p.message, severities[p.severity]);
    diagnostic.source = "gradlens";
    diagnostic.code = p.code;
    return diagnostic;
  }));
}

/** The identifier at the problem's column when it has one, else the line's text without its indentation. */
function rangeOf(document: vscode.TextDocument, p: Problem): vscode.Range {
  const line = document.lineAt(Math.min(Math.max(p.line - 1, 0), document.lineCount - 1));
  if (p.column !== undefined) {
    const word = document.getWordRangeAtPosition(new vscode.Position(line.lineNumber, p.column - 1));
    if (word) return word;
  }
  return new vscode.Range(line.lineNumber, line.firstNonWhitespaceCharacterIndex, line.lineNumber, line.text.length);
}
