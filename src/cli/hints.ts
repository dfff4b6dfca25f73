// Advice only the command line can give (its own flags), added to its readable output. The report's messages stay
// neutral: VS Code's Problems and the graph panel show the same ones, where a CLI flag means nothing.
import type { Report } from "../protocol";
import { DEFAULT_TIMEOUT_MS } from "../runner/client";

export function flagHints(report: Report, timeoutMs = DEFAULT_TIMEOUT_MS): string[] {
  if (report.error?.code !== "timeout") return [];
  return [`hint: if the model is only slow, raise the limit with --timeout MS (it was ${timeoutMs} ms)`];
}
