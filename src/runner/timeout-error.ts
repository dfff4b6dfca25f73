// The timeout's error, for both ends of a run: the run process words it when it stops the worker itself (with the
// line the paused code was on); the host, when the whole run process stopped answering and had to be killed.
import type { ReportError } from "../protocol";
import type { WorkerMessage } from "./messages";
import type { UserFrame } from "./sites";

/** What the worker last said it was running: the top level, or a check (with the line that defines it). */
export type Progress = Extract<WorkerMessage, { type: "progress" }>;

const GiB = 1024 ** 3;
const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toPrecision(3))} s`);

/** What the run process held when it was stopped, against the tensor budget: said when it is most of it. */
export interface HeldMemory {
  bytes: number;
  budget: number;
}

/**
 * Worded for every place it shows (the CLI, Problems, the panel: no CLI flag in it): what the worker was running and
 * the line its code was stuck on, when they are known, and the memory it held when that was most of the budget (a
 * model allocating without end is slow near the budget: it may time out before it runs out). The error sits at
 * that line, else at the check's.
 */
export function timeoutError(
  timeoutMs: number, progress: Progress | undefined, stuck: UserFrame | undefined, held?: HeldMemory,
): ReportError {
  const doing = progress?.check !== undefined
    ? ` It was running the check "${progress.check}"${progress.line === undefined ? "" : ` (line ${progress.line})`}`
    : progress ? " It was still running the file's top-level code" : "";
  const at = stuck ? `${doing ? "," : " It was"} at line ${stuck.line}` : "";
  const holding = held && held.bytes >= held.budget / 2
    ? ` When it was stopped it held ${(held.bytes / GiB).toFixed(2)} GiB, near its ${(held.budget / GiB).toFixed(2)} GiB ` +
      "memory budget: it may be allocating tensors without end."
    : "";
  const message = `the model file did not finish within ${duration(timeoutMs)}: an infinite loop?${doing}${at}` +
    `${doing || at ? "." : ""}${holding}`;
  const error: ReportError = { code: "timeout", message };
  if (stuck) return { ...error, line: stuck.line, column: stuck.column };
  return progress?.line === undefined ? error : { ...error, line: progress.line };
}
