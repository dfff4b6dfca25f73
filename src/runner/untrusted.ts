// Messages the model posted on a channel it does not own: described for the report (never throwing, whatever the
// value: a getter that throws, a cycle, a BigInt; and short), and reported as warnings on the checks.
import type { Report } from "../protocol";
import type { UntrustedMessage } from "./messages";

const PREVIEW_CHARS = 160;

export function describeValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    try {
      text = Object.prototype.toString.call(value);
    } catch {
      text = typeof value;
    }
  }
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}

/**
 * Each check learns of the messages posted while it ran (those posted by the file's top level concern every check):
 * a warning, since they were ignored and cannot have changed the verdict, but a model posting on gradlens's port is
 * either confused or trying to.
 */
export function untrustedDiagnostics(report: Report, messages: UntrustedMessage[], count: number): void {
  if (count === 0) return;
  for (const check of report.checks) {
    const mine = messages.filter((m) => m.check === undefined || m.check === check.name);
    if (mine.length === 0 && messages.length === count) continue;
    const shown = mine.map((m) => m.preview).join("; ");
    check.diagnostics.push({
      severity: "warning", code: "untrusted-message",
      message: `the model file posted ${count === 1 ? "a message" : `${count} messages`} on the worker's port ` +
        "(parentPort.postMessage); gradlens reads only its own private channel, so it was ignored" +
        (shown ? `: ${shown}` : ""),
    });
  }
}
