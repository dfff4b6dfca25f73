// The timeout's error, for both ends of a run: the run process words it when it stops the worker itself (with the
// line the paused code was on); the host, when the whole run process stopped answering and had to be killed.
import type { ReportError } from "../protocol";
import type { WorkerMessage } from "./messages";
import type { UserFrame } from "./sites";

/** What the worker last said it was running: the top level, or a check (with the line that defines it). */
export type Progress = Extract<WorkerMessage, { type: "progress" }>;

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toPrecision(3))} s`);

/**
 * Worded for every place it shows (the CLI, Problems, the panel: no CLI flag in it): what the worker was running and
 * the line its code was stuck on, when they are known. The error sits at that line, else at the check's.
 */
export function timeoutError(timeoutMs: number, progress: Progress | undefined, stuck: UserFrame | undefined): ReportError {
  const doing = progress?.check !== undefined
    ? ` It was running the check "${progress.check}"${progress.line === undefined ? "" : ` (line ${progress.line})`}`
    : progress ? " It was still running the file's top-level code" : "";
  const at = stuck ? `${doing ? "," : " It was"} at line ${stuck.line}` : "";
  const message = `the model file did not finish within ${duration(timeoutMs)}: an infinite loop?${doing}${at}${doing || at ? "." : ""}`;
  const error: ReportError = { code: "timeout", message };
  if (stuck) return { ...error, line: stuck.line, column: stuck.column };
  return progress?.line === undefined ? error : { ...error, line: progress.line };
}
