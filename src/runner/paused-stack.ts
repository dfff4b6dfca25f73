// Where a worker's JavaScript is right now: the host pauses it through the inspector (the NodeWorker domain of a
// session on this thread) and reads the paused call stack. The runner asks this of a worker that is about to be
// terminated for a timeout, so the message can name the line the user's code was stuck on.
import { Session } from "node:inspector";
import type { Worker } from "node:worker_threads";

/** How long a timed-out worker may take to pause and show where it is stuck. */
export const PAUSE_WAIT_MS = 500;

interface PausedFrame {
  functionName: string;
  location: { scriptId: string; lineNumber: number; columnNumber: number };
}

type WorkerEvent =
  | { method: "Debugger.scriptParsed"; params: { scriptId: string; url: string } }
  | { method: "Debugger.paused"; params: { callFrames: PausedFrame[] } };

/**
 * The worker's stack as Error.stack-like text ("    at fn (url:line:column)", innermost first), or undefined when
 * the inspector is unavailable or the worker does not pause within `waitMs`. The worker is always resumed after:
 * a paused worker could not be terminated.
 */
export function pausedStack(worker: Worker, waitMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const session = new Session();
    try {
      session.connect();
    } catch {
      resolve(undefined); // no inspector in this runtime
      return;
    }
    let sessionId: string | undefined;
    let pauseRequested = false;
    let answered = false;
    let released = false;
    const send = (id: number, method: string) =>
      session.post("NodeWorker.sendMessageToWorker", { sessionId: sessionId!, message: JSON.stringify({ id, method }) });
    const answer = (stack: string | undefined) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      resolve(stack);
    };
    const release = () => {
      if (released) return;
      released = true;
      if (pauseRequested) send(3, "Debugger.resume");
      session.disconnect();
    };
    // Giving up answers at once, but a requested pause still comes (a resume sent before it would not undo it):
    // the session stays until then, or until the worker is gone.
    const timer = setTimeout(() => {
      answer(undefined);
      if (!pauseRequested) release();
    }, waitMs);

    session.on("NodeWorker.attachedToWorker", ({ params }) => {
      // workerId is the inspector's own count; the title is "[worker <threadId>]", then the worker's name if any.
      if (answered || /^\[worker (\d+)\]/.exec(params.workerInfo.title)?.[1] !== String(worker.threadId)) return;
      sessionId = params.sessionId;
      send(1, "Debugger.enable");
      send(2, "Debugger.pause");
      pauseRequested = true;
    });
    session.on("NodeWorker.detachedFromWorker", ({ params }) => {
      if (params.sessionId !== sessionId) return;
      answer(undefined);
      released = true;
      session.disconnect();
    });
    // Paused frames name their script by id only: the urls come with Debugger.enable, one event per script.
    const urls = new Map<string, string>();
    session.on("NodeWorker.receivedMessageFromWorker", ({ params }) => {
      if (params.sessionId !== sessionId) return;
      const event = JSON.parse(params.message) as WorkerEvent;
      if (event.method === "Debugger.scriptParsed") urls.set(event.params.scriptId, event.params.url);
      if (event.method !== "Debugger.paused") return;
      const { callFrames } = event.params;
      answer(callFrames.map(({ functionName, location }) =>
        `    at ${functionName || "<anonymous>"} (${urls.get(location.scriptId) ?? ""}:${location.lineNumber + 1}:${location.columnNumber + 1})`,
      ).join("\n"));
      release();
    });
    session.post("NodeWorker.enable", { waitForDebuggerOnStart: false }, (error) => {
      if (!error) return;
      answer(undefined);
      release();
    });
  });
}
