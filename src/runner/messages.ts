// What the host (client.ts) and the worker (worker.ts) tell each other. Internal to the runner.
import type { CheckEvidence } from "../gradcheck/verdict";
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
  /** What the check measured: the host judges it again (gradcheck/verdict.ts), and its verdict is the report's. */
  evidence: CheckEvidence;
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

/** What the run process (supervisor.ts) reports when a run is over, however it ended. */
export interface WorkerEnd {
  message?: Extract<WorkerMessage, { type: "done" | "crash" }>;
  error?: ReportError;
  /** What the model printed past the worker's own capture (raw streams), never printed by gradlens. */
  output: string;
  /** Messages the model posted on the worker's public port (described, at most a few) and how many there were. */
  untrusted: UntrustedMessage[];
  untrustedCount: number;
}

/** A message the model file posted itself: ignored, and reported. `check`: the check running when it was posted. */
export interface UntrustedMessage {
  check?: string;
  preview: string;
}

/**
 * Host → run process, over the child's IPC channel. Every message carries the run's token (a random id made by the
 * host): the channel's file descriptor is inherited by the model's thread, so the token is what tells gradlens's own
 * messages from anything written there.
 */
export type HostToSupervisor =
  | { type: "start"; token: string; workerPath: string; timeoutMs: number; heapMb: number }
  | { type: "input"; token: string; input: WorkerInput };

/** Run process → host. */
export type SupervisorToHost =
  | { type: "started"; token: string; at: number }
  | { type: "progress"; token: string; progress: Extract<WorkerMessage, { type: "progress" }> }
  | { type: "end"; token: string; end: WorkerEnd };

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
