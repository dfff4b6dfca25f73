// Host side of the runner: the only runner module the extension and the CLI import. It transpiles the user's
// file, runs it in a fresh worker with an empty env, heap limits, a wall-clock timeout and cancellation, and
// turns every way the run can end into a RunResult. It never throws for a bad model file and never blocks its thread:
// the user's code runs in the run worker, the TypeScript parse for labels in the labels worker, esbuild is async.
import { readFile, realpath } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import type { Mode, Report, ReportError, RunResult } from "../protocol";
import { assembleReport } from "./assemble";
import { parseLabels, startLabelsWorker } from "./labels-client";
import type { FullValues, HostToSupervisor, SupervisorToHost, WorkerEnd, WorkerInput } from "./messages";
import { OUTPUT_CHARS_KEPT, joinOutput } from "./output";
import { PAUSE_WAIT_MS } from "./paused-stack";
import { type Progress, timeoutError } from "./timeout-error";
import { untrustedDiagnostics } from "./untrusted";
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
/**
 * Past the model's limit the run process pauses and stops the worker itself; if it does not report by then (the model
 * blocked the whole process, e.g. in a synchronous child), the host kills the process group.
 */
const HARD_LIMIT_SLACK_MS = PAUSE_WAIT_MS + 2_000;
/** At most this long after the kill for the run's pipes to close (a grandchild that left the group may hold them). */
const PIPE_DRAIN_MS = 300;

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
  const worker = startRun(workerPath, opts);
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
    warm: ended.warm,
    runMs: message?.type === "done" ? message.runMs : 0,
    totalMs: performance.now() - t0,
  };
  if (!message || message.type !== "done") {
    const result = failed(file, message?.type === "crash" ? message.error : ended.error!, timings);
    return withOutput(result, joinOutput(undefined, ended.output));
  }
  const report: Report = { ...message.report, file };
  const printed = joinOutput(report.output, ended.output);
  untrustedDiagnostics(report, ended.untrusted, ended.untrustedCount);
  const traces = assembleReport(report, message.traces, sourceLabels);
  const key = resolve(file);
  lastValues.delete(key);
  lastValues.set(key, message.values);
  if (lastValues.size > FILES_KEPT) lastValues.delete(lastValues.keys().next().value!);
  return withOutput({ report, traces, timings }, printed);
}

/** The result with what the model printed: in the report, and as plain text for the extension's output channel. */
function withOutput(result: RunResult, printed: Report["output"]): RunResult {
  if (!printed) return result;
  return { ...result, report: { ...result.report, output: printed }, output: printed.text };
}

type Ended = WorkerEnd & { startMs: number; warm: boolean };

const runProcessPath = (workerPath: string) => join(dirname(workerPath), "run-process.js");

function forkRunProcess(path: string): ChildProcess {
  return fork(path, [], {
    env: {},
    // Inherited flags such as --enable-source-maps would rewrite the stacks the worker maps itself.
    execArgv: [],
    // Its own process group: a timeout, a cancel or the end of the run kills the model's children too.
    detached: true,
    // What the model writes to file descriptors 1 and 2 is collected, never passed on to our stdout.
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    serialization: "advanced",
  });
}

/** Holds (or releases) the event loop for a run process: a spare must never keep a CLI alive. */
function setReferenced(child: ChildProcess, referenced: boolean): void {
  for (const handle of [child, child.channel, child.stdout, child.stderr] as ({ ref?(): void; unref?(): void } | null | undefined)[]) {
    if (referenced) handle?.ref?.();
    else handle?.unref?.();
  }
}

/** A run process forked ahead of the next run (see prewarm), booted and waiting for its start message. */
let spare: { path: string; child: ChildProcess } | undefined;
/** Set by prewarm: every run that takes the spare forks the next one once it is over. */
let keepWarm: string | undefined;

/**
 * Forks a run process now, so the next run skips Node's start (~40–60 ms): the editor calls it once trusted and idle,
 * and after each run. The spare holds no user code and is unreferenced (it never keeps a process alive); it exits
 * when its host goes away. The labels worker (TypeScript's compiler) is started too.
 */
export function prewarm(workerPath = join(__dirname, "worker.js")): void {
  keepWarm = workerPath;
  startLabelsWorker(join(dirname(workerPath), "labels-worker.js"));
  const path = runProcessPath(workerPath);
  if (spare?.path === path && spare.child.connected) return;
  spare?.child.kill("SIGKILL");
  const child = forkRunProcess(path);
  setReferenced(child, false);
  child.once("exit", () => {
    if (spare?.child === child) spare = undefined;
  });
  spare = { path, child };
}

function takeRunProcess(path: string): { child: ChildProcess; warm: boolean } {
  const ready = spare?.path === path && spare.child.connected ? spare.child : undefined;
  spare = undefined;
  if (!ready) return { child: forkRunProcess(path), warm: false };
  setReferenced(ready, true);
  return { child: ready, warm: true };
}

/** A fresh object per run: it becomes that run's report.error. */
const cancelled = (): ReportError => ({ code: "timeout", message: "the run was cancelled" });

interface RunningProcess {
  /** Hands the run the transpiled file: the process boots while esbuild transpiles, and runs once this arrives. */
  send(input: WorkerInput): void;
  /** Ends a run that will not be sent (the file did not transpile). */
  cancel(): void;
  /** Resolves however the run ends (result, crash, heap exhaustion, exit, kill, timeout, abort). */
  ended: Promise<Ended>;
}

/** Kills the run process and everything it started: it leads a process group of its own. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/**
 * One run in a fresh process (dist/run-process.js beside the worker), started before its input is ready so its
 * boot overlaps the transpile. Only messages carrying this run's token count: the model's thread inherits the
 * channel's file descriptor.
 */
function startRun(workerPath: string, opts: RunOptions): RunningProcess {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const heapMb = opts.memoryBytes === undefined ? DEFAULT_HEAP_MB : Math.max(32, Math.round(opts.memoryBytes / MiB));
  const token = randomUUID();
  const tStart = performance.timeOrigin + performance.now();
  const { child, warm } = takeRunProcess(runProcessPath(workerPath));
  const tell = (m: HostToSupervisor) => {
    if (child.connected) child.send(m);
  };
  let raw = "";
  const collect = (chunk: Buffer) => {
    if (raw.length < OUTPUT_CHARS_KEPT) raw += chunk.toString("utf8").slice(0, OUTPUT_CHARS_KEPT - raw.length);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);

  let resolveEnded: (end: Ended) => void;
  const ended = new Promise<Ended>((resolvePromise) => (resolveEnded = resolvePromise));
  let startMs = 0;
  let settled = false;
  let hardTimer: ReturnType<typeof setTimeout> | undefined;
  // Once killed, the process's pipes close: what the model wrote to them just before is read up to then.
  const drained = Promise.all([child.stdout!, child.stderr!].map((stream) => new Promise((done) => stream.once("close", done))));
  const end = (result: Partial<WorkerEnd>) => {
    if (settled) return;
    settled = true;
    clearTimeout(hardTimer);
    opts.signal?.removeEventListener("abort", onAbort);
    killGroup(child.pid);
    if (keepWarm !== undefined) setImmediate(() => prewarm(keepWarm));
    const finish = () => resolveEnded({ untrusted: [], untrustedCount: 0, ...result, output: (result.output ?? "") + raw, startMs, warm });
    const grace = setTimeout(finish, PIPE_DRAIN_MS);
    void drained.then(() => {
      clearTimeout(grace);
      finish();
    });
  };
  const onAbort = () => end({ error: cancelled() });
  opts.signal?.addEventListener("abort", onAbort);

  // What the worker last said it was running: named when the whole process has to be killed.
  let progress: Progress | undefined;
  const blocked = (): ReportError => {
    const error = timeoutError(timeoutMs, progress, undefined);
    return { ...error, message: `${error.message} Its process stopped answering, so gradlens killed it.` };
  };
  child.on("message", (m: SupervisorToHost) => {
    if (m?.token !== token) return;
    if (m.type === "started") {
      startMs = m.at - tStart;
      hardTimer = setTimeout(() => end({ error: blocked() }), timeoutMs + HARD_LIMIT_SLACK_MS);
    } else if (m.type === "progress") progress = m.progress;
    else end(m.end);
  });
  child.on("error", (e) => end({ error: { code: "runtime", message: `gradlens could not start the run: ${e.message}` } }));
  child.on("exit", (code, signal) => end({
    error: {
      code: "runtime",
      message: `the model file stopped its run (${signal ? `killed by ${signal}` : `exit code ${code}`}) before its checks finished`,
    },
  }));
  tell({ type: "start", token, workerPath, timeoutMs, heapMb });
  return {
    send: (input) => tell({ type: "input", token, input }),
    cancel: () => end({ error: { code: "runtime", message: "the run was not started" } }),
    ended,
  };
}
