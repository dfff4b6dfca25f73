// `gradlens check <file.ts> ...` (contract §2): a thin layer over runFile. Prints the readable report, or with
// --json exactly one JSON document, and exits 0 (all passed), 1 (a check failed) or 2 (could not run).
import type { Report } from "../protocol";
import { runFile } from "../runner/client";
import { renderText } from "../runner/render";
import { escapeControls } from "../shared/text";
import { HELP, parseArgs } from "./args";
import { flagHints } from "./hints";

/** `report.ok` already means every check passed (the worker sets it so). */
function exitCode(report: Report): 0 | 1 | 2 {
  if (report.error || report.checks.some((c) => c.error)) return 2;
  return report.ok ? 0 : 1;
}

/**
 * What the model printed, under a heading after the readable report, each line behind a gutter: escaped, so no
 * terminal sequence can hide or overwrite the report, and indented, so no line of it reads as gradlens's verdict.
 */
function printedBlock(report: Report): string[] {
  const printed = report.output;
  if (!printed) return [];
  const lines = `${printed.lines} line${printed.lines === 1 ? "" : "s"}`;
  const cut = printed.truncated ? ` (the first ${printed.text.length} of ${printed.chars} characters)` : "";
  return ["", `Output of the model file, ${lines}${cut}:`, ...escapeControls(printed.text.replace(/\n$/, ""), "\n\t").split("\n").map((l) => `  │ ${l}`)];
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if ("help" in parsed) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if ("usage" in parsed) {
    process.stderr.write(`gradlens: ${parsed.usage}\n\n${HELP}\n`);
    return 2;
  }
  const { file, json, check, mode, eps, atol, rtol, timeoutMs } = parsed.command;
  // Graph labels only appear in the JSON: the readable report skips the TypeScript parse they need.
  const result = await runFile(file, { check, mode, eps, atol, rtol, timeoutMs, labels: json });
  // What the model printed is in the report (`output`); with --json also on stderr, so stdout is the one document.
  // Escaped but for its line breaks and tabs: no terminal sequence in it can hide, recolour or overwrite the report.
  if (json && result.output) process.stderr.write(escapeControls(result.output, "\n\t"));
  const text = () => [renderText(result.report), ...flagHints(result.report, timeoutMs), ...printedBlock(result.report)].join("\n");
  process.stdout.write(json ? `${JSON.stringify(result.report, null, 2)}\n` : `${text()}\n`);
  return exitCode(result.report);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`gradlens: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exitCode = 2;
  },
);
