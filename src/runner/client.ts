// Host side of the runner: the only runner module the extension and the CLI import. It transpiles the user's
// file, runs it in a fresh worker with an empty env, heap limits, a wall-clock timeout and cancellation, and
// turns every way the run can end into a RunResult. It never throws for a bad model file and never blocks its thread:
// the user's code runs in the run worker, the TypeScript parse for labels in the labels worker, esbuild is async.
import { readFile, realpath } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import type { Mode, Report, ReportError, RunResult } from "../protocol";
import { finishTrace } from "./finish-trace";
import { parseLabels } from "./labels-client";
import { pausedStack } from "./paused-stack";
import { SiteMapper, type UserFrame } from "./sites";
import type { FullValues, WorkerInput, WorkerMessage } from "./messages";
import { transpile } from "./transpile";

export interface RunOptions {
  mode?: Mode;
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Wall-clock limit of the model's code (from when the worker is up and has the file); past it the worker is terminated. */
  timeoutMs?: number;
  /** The engine's tensor memory budget; also sets the worker's JS heap limit. */
  memoryBytes?: number;
  /** Run only the check with this export name. */
  check?: string;
  signal?: AbortSignal;
  /**
   * false skips the TypeScript parse behind graph labels and check/input lines (the labels worker is not started):
   * for callers that never show the graph, such as the CLI's readable report. Default true.
   */
  labels?: boolean;
  /** dist/worker.js; by default the worker.js beside the calling bundle. The labels worker is the labels-worker.js beside it. */
  workerPath?: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
const MiB = 1024 ** 2;
/** The worker's JS heap (tensors live outside it, under the engine's budget). */
const DEFAULT_HEAP_MB = 1024;
/** How long a worker that has posted its result may take to exit by itself (flushing the model's output). */
const EXIT_GRACE_MS = 200;
/** How long a timed-out worker may take to pause and show where it is stuck. */
const PAUSE_WAIT_MS = 500;
/** Console output of the user's file kept per run. */
const OUTPUT_LIMIT = 64 * 1024;

/** Full values of the last run's big tensors, by absolute file path (traces carry only samples of those). */
const lastValues = new Map<string, FullValues[]>();
/** Files whose last run's values are kept (each run keeps at most 64 MiB): the oldest goes first. */
const FILES_KEPT = 4;

/** The full value (and gradient) of a node of the last run of `file`, when it was too big to travel in the trace. */
export function fullValues(file: string, check: string, node: number, manual = false): FullValues | undefined {
  return lastValues.get(resolve(file))?.find((v) => v.check === check && v.node === node && v.manual === manual);
}

const failed = (file: string, error: ReportError, timings?: RunResult["timings"]): RunResult => ({
  report: { file, ok: false, error, checks: [] },
  traces: [],
  ...(timings ? { timings } : {}),
});

export async function runFile(file: string, opts: RunOptions = {}): Promise<RunResult> {
  const t0 = performance.now();
  let absolute: string;
  let text: string;
  try {
    // The real path: esbuild resolves symlinks, and the source map's paths must compare equal to this one.
    absolute = await realpath(resolve(file));
    text = await readFile(absolute, "utf8");
  } catch (e) {
    return failed(file, { code: "runtime", message: `cannot read ${file}: ${(e as Error).message}` });
  }
  // Cancelled before it began (the editor saved again, the user pressed Escape): no worker, no transpile.
  if (opts.signal?.aborted) return failed(file, cancelled());
  const workerPath = opts.workerPath ?? join(__dirname, "worker.js");
  const worker = startWorker(workerPath, opts);
  const bundle = await transpile(absolute);
  if ("message" in bundle) {
    worker.cancel();
    return failed(file, bundle);
  }
  const tTranspiled = performance.now();

  // Parsed in the labels worker while the run worker runs the model.
  const labels = opts.labels === false ? undefined : parseLabels(absolute, text, join(dirname(workerPath), "labels-worker.js"));
  worker.send({
    file: absolute,
    code: bundle.js,
    bundleName: `gradlens-model:${absolute}`,
    options: { mode: opts.mode, eps: opts.eps, atol: opts.atol, rtol: opts.rtol, check: opts.check, memoryBytes: opts.memoryBytes },
  });
  const ended = await worker.ended;
  const message = ended.message;
  const sourceLabels = message?.type === "done" ? await labels : undefined;
  const timings = {
    transpileMs: tTranspiled - t0,
    workerStartMs: ended.startMs,
    runMs: message?.type === "done" ? message.runMs : 0,
    totalMs: performance.now() - t0,
  };
  if (!message || message.type !== "done") {
    return { ...failed(file, message?.type === "crash" ? message.error : ended.error!, timings), ...output(ended.output) };
  }
  const report: Report = { ...message.report, file };
  const traces = message.traces.map((t) => finishTrace(t, sourceLabels, report.checks.find((c) => c.name === t.check)));
  const key = resolve(file);
  lastValues.delete(key);
  lastValues.set(key, message.values);
  if (lastValues.size > FILES_KEPT) lastValues.delete(lastValues.keys().next().value!);
  return { report, traces, timings, ...output(ended.output) };
}

const output = (text: string) => (text ? { output: text } : {});

interface WorkerEnd {
  message?: Extract<WorkerMessage, { type: "done" | "crash" }>;
  error?: ReportError;
  startMs: number;
  output: string;
}

type Progress = Extract<WorkerMessage, { type: "progress" }>;

/** A fresh object per run: it becomes that run's report.error. */
const cancelled = (): ReportError => ({ code: "timeout", message: "the run was cancelled" });

const duration = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toPrecision(3))} s`);

/**
 * The timeout's error, worded for every place it shows (the CLI, Problems, the panel: no CLI flag in it): what the
 * worker was running (the top level or a check) and the line its code was stuck on, when they are known. The error
 * sits at that line, else at the check's.
 */
function timeoutError(timeoutMs: number, progress: Progress | undefined, stuck: UserFrame | undefined): ReportError {
  const doing = progress?.check !== undefined
    ? ` It was running the check "${progress.check}"${progress.line === undefined ? "" : ` (line ${progress.line})`}`
    : progress ? " It was still running the file's top-level code" : "";
  const at = stuck ? `${doing ? "," : " It was"} at line ${stuck.line}` : "";
  const message = `the model file did not finish within ${duration(timeoutMs)}: an infinite loop?${doing}${at}${doing || at ? "." : ""}`;
  const error: ReportError = { code: "timeout", message };
  if (stuck) return { ...error, line: stuck.line, column: stuck.column };
  return progress?.line === undefined ? error : { ...error, line: progress.line };
}

interface RunningWorker {
  /** Hands the worker the transpiled file: it boots while esbuild transpiles, and runs once this arrives. */
  send(input: WorkerInput): void;
  /** Ends a run that will not be sent (the file did not transpile). */
  cancel(): void;
  /** Resolves however the run ends (result, crash, heap exhaustion, exit, timeout, abort). */
  ended: Promise<WorkerEnd>;
}

/** One run in a fresh worker, started before its input is ready so the thread's start overlaps the transpile. */
function startWorker(workerPath: string, opts: RunOptions): RunningWorker {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const heapMb = opts.memoryBytes === undefined ? DEFAULT_HEAP_MB : Math.max(32, Math.round(opts.memoryBytes / MiB));
  const tStart = performance.now();
  const worker = new Worker(workerPath, {
    env: {},
    // Inherited flags such as --enable-source-maps would rewrite the stacks the worker maps itself.
    execArgv: [],
    // The user's console output must not reach our stdout (it would break --json): it is collected instead.
    stdout: true,
    stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
  let startMs = 0;
  let out = "";
  const collect = (chunk: Buffer) => {
    if (out.length < OUTPUT_LIMIT) out += chunk.toString("utf8").slice(0, OUTPUT_LIMIT - out.length);
  };
  worker.stdout.on("data", collect);
  worker.stderr.on("data", collect);

  let resolveEnded: (end: WorkerEnd) => void;
  const ended = new Promise<WorkerEnd>((resolvePromise) => (resolveEnded = resolvePromise));
  let settled = false;
  const end = (result: Omit<WorkerEnd, "startMs" | "output">) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onAbort);
    void worker.terminate();
    resolveEnded({ ...result, startMs, output: out });
  };
  let progress: Progress | undefined;
  let sent: WorkerInput | undefined;
  // Past the limit, the worker is paused to learn the line its code is stuck on, then terminated.
  const timedOut = async (input: WorkerInput) => {
    const stack = await pausedStack(worker, PAUSE_WAIT_MS);
    const stuck = stack ? new SiteMapper(input.file, input.bundleName, input.code).first(stack) : undefined;
    end({ error: timeoutError(timeoutMs, progress, stuck) });
  };
  // The run's time limit, then (with the result in) the exit grace: end() clears whichever is pending, so no
  // timer outlives the run (a CLI would wait for it before exiting). The limit is the model's: it starts once the
  // worker is up and has the file, so a slow transpile or thread start (a busy machine) never eats into it.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let started = false;
  const startClock = () => {
    const input = sent;
    if (started && input && !settled) timer = setTimeout(() => void timedOut(input), timeoutMs);
  };
  const onAbort = () => end({ error: cancelled() });
  opts.signal?.addEventListener("abort", onAbort);

  // With the result in, the worker exits by itself, flushing what the model printed; a model that leaves a timer
  // running keeps it alive, so it gets a short grace and is then terminated.
  let finished: WorkerEnd["message"];
  worker.on("message", (m: WorkerMessage) => {
    // Timed by the worker's own clock: this thread may be busy (the extension host) when the message arrives.
    if (m.type === "started") {
      startMs = m.at - (performance.timeOrigin + tStart);
      started = true;
      startClock();
    } else if (m.type === "progress") progress = m;
    else if (!finished) {
      finished = m;
      clearTimeout(timer);
      timer = setTimeout(() => end({ message: m }), EXIT_GRACE_MS);
    }
  });
  worker.on("error", (e: Error & { code?: string }) => {
    const error: ReportError = e.code === "ERR_WORKER_OUT_OF_MEMORY"
      ? { code: "memory", message: `the model file ran out of memory (the worker's heap is limited to ${heapMb} MiB)` }
      : { code: "runtime", message: e.message };
    end(finished ? { message: finished } : { error });
  });
  worker.on("exit", (code) => end(finished
    ? { message: finished }
    : { error: { code: "runtime", message: `the model file stopped the worker (exit code ${code}) before its checks finished` } }));
  return {
    send: (input) => {
      sent = input;
      worker.postMessage(input);
      startClock();
    },
    cancel: () => end({ error: { code: "runtime", message: "the run was not started" } }),
    ended,
  };
}
