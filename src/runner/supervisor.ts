// The run process (dist/run-process.js): a Node process of its own, forked by the host (client.ts) for one run, in
// a process group of its own. Its main thread never runs user code: it starts the worker thread that does, hands it a
// private channel, enforces the time limit (pausing the worker to learn the line it is stuck on) and the heap limit,
// and sends the host what the worker measured. Whatever the model does — exit, kill its process, post messages,
// patch intrinsics — happens in this process, not in the CLI or the extension host, and the host kills the whole group
// (the model's own children included) once the run is over.
import { MessageChannel, Worker, receiveMessageOnPort } from "node:worker_threads";
import { DEFAULT_BUDGET_BYTES } from "../engine/memory";
import type { ReportError } from "../protocol";
import type { HostToSupervisor, SupervisorToHost, UntrustedMessage, WorkerEnd, WorkerMessage } from "./messages";
import { PAUSE_WAIT_MS, pausedStack } from "./paused-stack";
import { SiteMapper } from "./sites";
import { type Progress, timeoutError } from "./timeout-error";
import { OUTPUT_CHARS_KEPT } from "./output";
import { describeValue } from "./untrusted";

/** Untrusted messages described in the report, per run (the rest are only counted). */
const UNTRUSTED_KEPT = 8;

const send = (message: SupervisorToHost) => process.send!(message);

/** One run: the worker boots at once; the input arrives from the host when the transpile is done. */
function supervise(start: Extract<HostToSupervisor, { type: "start" }>): void {
  const { token, timeoutMs, heapMb, workerPath } = start;
  const worker = new Worker(workerPath, {
    env: {},
    // Inherited flags such as --enable-source-maps would rewrite the stacks the worker maps itself.
    execArgv: [],
    // The worker captures what the model prints itself; what escapes that capture is collected here, never printed.
    stdout: true,
    stderr: true,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
  // The private channel: handed over as the worker's first message, before any user code loads. The worker speaks
  // only on it; anything arriving on the worker's public parentPort was posted by the model.
  const { port1: channel, port2 } = new MessageChannel();
  worker.postMessage({ port: port2 }, [port2]);

  let out = "";
  const collect = (chunk: Buffer) => {
    if (out.length < OUTPUT_CHARS_KEPT) out += chunk.toString("utf8").slice(0, OUTPUT_CHARS_KEPT - out.length);
  };
  worker.stdout.on("data", collect);
  worker.stderr.on("data", collect);

  const untrusted: UntrustedMessage[] = [];
  let untrustedCount = 0;
  let progress: Progress | undefined;
  worker.on("message", (m: unknown) => {
    untrustedCount++;
    if (untrusted.length < UNTRUSTED_KEPT) untrusted.push({ check: progress?.check, preview: describeValue(m) });
  });

  let settled = false;
  const end = (result: Omit<WorkerEnd, "output" | "untrusted" | "untrustedCount">) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    void worker.terminate();
    send({ token, type: "end", end: { ...result, output: out, untrusted, untrustedCount } });
  };
  let input: Extract<HostToSupervisor, { type: "input" }>["input"] | undefined;
  // Past the limit, the worker is paused to learn the line its code is stuck on, then terminated.
  // What this process holds beyond its size at start is the worker's: read here, where the model cannot reach.
  const rssAtStart = process.memoryUsage.rss();
  const timedOut = async () => {
    const held = { bytes: process.memoryUsage.rss() - rssAtStart, budget: input?.options.memoryBytes ?? DEFAULT_BUDGET_BYTES };
    const stack = await pausedStack(worker, PAUSE_WAIT_MS);
    const stuck = stack && input ? new SiteMapper(input.file, input.bundleName, input.code).first(stack) : undefined;
    end({ error: timeoutError(timeoutMs, progress, stuck, held) });
  };
  // The limit is the model's: it starts once the worker is up and has the file, so a slow transpile or thread start
  // (a busy machine) never eats into it.
  let timer: ReturnType<typeof setTimeout> | undefined;
  let started = false;
  const startClock = () => {
    if (started && input && !settled && timer === undefined) timer = setTimeout(() => void timedOut(), timeoutMs);
  };

  // The worker captures what the model prints synchronously, so its result is final as it arrives: the host then
  // kills this process, and with it anything the model left running (timers, children).
  let finished: WorkerEnd["message"];
  const onChannel = (m: WorkerMessage) => {
    if (m.type === "started") {
      started = true;
      send({ token, type: "started", at: m.at });
      startClock();
    } else if (m.type === "progress") {
      progress = m;
      send({ token, type: "progress", progress: m });
    } else if (!finished) {
      finished = m;
      // Messages the model posted on the public port before this travel on another channel: let them land first.
      setImmediate(() => end({ message: m }));
    }
  };
  channel.on("message", onChannel);
  // A worker that posts its result and then exits can be seen exiting before its message is dispatched: what it
  // posted is taken from the channel first, so a finished run is never reported as stopped.
  const drain = () => {
    for (let next = receiveMessageOnPort(channel); next && !finished; next = receiveMessageOnPort(channel)) onChannel(next.message as WorkerMessage);
  };
  worker.on("error", (e: Error & { code?: string }) => {
    drain();
    const error: ReportError = e.code === "ERR_WORKER_OUT_OF_MEMORY"
      ? { code: "memory", message: `the model file ran out of memory (its JavaScript heap is limited to ${heapMb} MiB)` }
      : { code: "runtime", message: e.message };
    end(finished ? { message: finished } : { error });
  });
  worker.on("exit", (code) => {
    drain();
    end(finished
      ? { message: finished }
      : { error: { code: "runtime", message: `the model file stopped its run (exit code ${code}) before its checks finished` } });
  });

  process.on("message", (m: HostToSupervisor) => {
    if (m.token !== token || m.type !== "input" || input) return;
    input = m.input;
    channel.postMessage(m.input);
    startClock();
  });
}

// The host's first message says how to run; the channel then carries the input and the end of the run.
process.once("message", (m: HostToSupervisor) => {
  if (m.type === "start") supervise(m);
});
// The host went away (the editor closed, the CLI was killed): the run has no one to report to.
process.on("disconnect", () => process.exit(0));
