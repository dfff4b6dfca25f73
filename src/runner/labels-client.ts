// Host side of the labels worker (labels-worker.ts): one persistent worker, started on the first request and reused
// by every later run, so the caller's thread never loads the TypeScript compiler nor parses a model file.
// The worker is unref()ed while idle (an idle labels worker never keeps the CLI alive) and replaced when it dies.
import { Worker } from "node:worker_threads";
import type { SourceLabels } from "./labels";
import type { LabelsReply, LabelsRequest } from "./messages";

/** A parse taking longer than this means the worker is wedged: it is terminated, and the next request starts another. */
const PARSE_LIMIT_MS = 10_000;

type Settle = (labels: SourceLabels | undefined) => void;

class LabelsWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Settle>();
  private nextId = 0;
  dead = false;

  constructor(readonly path: string) {
    this.worker = new Worker(path, { execArgv: [] });
    this.worker.on("message", (reply: LabelsReply) => this.settle(reply.id, reply.labels));
    // A worker that fails to load or crashes answers every pending request with "no labels".
    this.worker.on("error", () => this.die());
    this.worker.on("exit", () => this.die());
    // After the listeners: adding a "message" listener refs the worker's port again.
    this.worker.unref();
  }

  parse(file: string, text: string): Promise<SourceLabels | undefined> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => void this.worker.terminate(), PARSE_LIMIT_MS);
      this.pending.set(id, (labels) => {
        clearTimeout(timer);
        resolve(labels);
      });
      // Referenced while a reply is awaited, so a CLI waiting only for labels does not exit before they come.
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ id, file, text } satisfies LabelsRequest);
    });
  }

  terminate(): void {
    void this.worker.terminate();
  }

  private settle(id: number, labels: SourceLabels | undefined): void {
    const done = this.pending.get(id);
    if (!done) return;
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker.unref();
    done(labels);
  }

  private die(): void {
    this.dead = true;
    for (const id of [...this.pending.keys()]) this.settle(id, undefined);
  }
}

let current: LabelsWorker | undefined;

/**
 * The graph labels of a model file's source, parsed by the labels worker at `workerPath` (dist/labels-worker.js).
 * Resolves undefined when the worker cannot parse it, cannot start or dies: labels are a nicety, a run goes on without.
 */
export function parseLabels(file: string, text: string, workerPath: string): Promise<SourceLabels | undefined> {
  return startLabelsWorker(workerPath).parse(file, text);
}

/** The labels worker at `workerPath`, started now if it is not running (it loads the compiler before any request). */
export function startLabelsWorker(workerPath: string): LabelsWorker {
  if (current?.dead || current?.path !== workerPath) {
    current?.terminate();
    current = new LabelsWorker(workerPath);
  }
  return current;
}
