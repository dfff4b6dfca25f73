// What the host (client.ts) and the worker (worker.ts) tell each other. Internal to the runner.
import type { CheckTrace, Mode, Report, ReportError } from "../protocol";
import type { SourceLabels } from "./labels";

/** Everything a run needs: the worker's first message (sent once esbuild is done; the thread boots meanwhile). */
export interface WorkerInput {
  /** The user's file, absolute: source map paths and the user's own `require`s resolve against it. */
  file: string;
  /** The transpiled bundle with its inline source map. */
  code: string;
  /** The filename the bundle is evaluated under, as it shows in stack traces. */
  bundleName: string;
  options: { mode?: Mode; eps?: number; atol?: number; rtol?: number; check?: string; memoryBytes?: number };
}

/**
 * A trace before labelling: for each node (and manual node), its user stack frames ("line:column", innermost
 * first), from which the host finds the variable the value was assigned to.
 */
export interface CapturedTrace extends CheckTrace {
  nodeFrames: string[][];
  manualFrames: string[][];
}

/** Full values of nodes too big to travel in the trace, kept host side for "full values on demand". */
export interface FullValues {
  check: string;
  node: number;
  manual: boolean;
  data: Float64Array | Float32Array;
  grad?: Float64Array | Float32Array;
}

export type WorkerMessage =
  /** `at`: performance.timeOrigin + performance.now() in the worker, comparable across threads. */
  | { type: "started"; at: number }
  /** What the worker is doing now, for a timeout to say where the run was stuck: the file's top level, or a check. */
  | { type: "progress"; check?: string; line?: number }
  | { type: "done"; report: Report; traces: CapturedTrace[]; values: FullValues[]; runMs: number }
  /** A failure of gradlens itself (never of the user's file, which becomes a Report error). */
  | { type: "crash"; error: ReportError };

/** Host → labels worker: parse this source for graph labels (`id` pairs the reply with the request). */
export interface LabelsRequest {
  id: number;
  file: string;
  text: string;
}

/** Labels worker → host: the labels, or undefined when the parse failed (labels are a nicety; the run goes on). */
export interface LabelsReply {
  id: number;
  labels?: SourceLabels;
}
