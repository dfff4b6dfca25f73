// The status bar's words for the last run. Pure: unit-tested in plain node.
import type { ErrorCode, Report } from "../protocol";

const fileErrorWords: Record<ErrorCode, string> = {
  syntax: "syntax error",
  "no-checks": "no checks found",
  shape: "shape error",
  runtime: "could not run",
  timeout: "timed out",
  memory: "out of memory",
};

/** `gradlens: 2 passed`, `gradlens: 1 of 2 failed`, or why the file could not be checked (`gradlens: timed out`). */
export function statusText(report: Report): string {
  if (report.error) return `gradlens: ${fileErrorWords[report.error.code] ?? "could not run"}`;
  const total = report.checks.length;
  const notOk = report.checks.filter((c) => !c.ok);
  if (notOk.length === 0) return `gradlens: ${total} passed`;
  // When every check that did not pass could not even run for one reason (all timed out, say), say that reason.
  const codes = new Set(notOk.map((c) => c.error?.code));
  const only = codes.size === 1 ? [...codes][0] : undefined;
  if (only && notOk.length === total) return `gradlens: ${fileErrorWords[only]}`;
  return `gradlens: ${notOk.length} of ${total} failed`;
}

/** The status bar's tooltip: one line per check, so the reason is a hover away. */
export function statusTooltip(report: Report): string {
  if (report.error) return `${report.file}: ${report.error.message}`;
  return report.checks
    .map((c) => `${c.ok ? "✓" : "✗"} ${c.name}${c.error ? ` — ${c.error.message}` : ""}`)
    .join("\n");
}
