// The last run of each model file: what hovers, CodeLens, the status bar and the panel read. Nothing here runs code,
// so hovers keep working from an earlier run (also after the workspace lost trust, or while a new run is under way).
import type { RunResult } from "../protocol";

export interface LastRun {
  /** Absolute path of the model file. */
  file: string;
  result: RunResult;
  /** The file's text when it ran: a hover on different text says the lines may have moved. */
  text: string;
  finishedAt: Date;
}

export class RunStore {
  private readonly runs = new Map<string, LastRun>();
  private readonly listeners = new Set<(run: LastRun) => void>();
  /** The most recent run of any file: what "Re-run Last Check" and "Show Graph Panel" use without an editor. */
  latest: LastRun | undefined;

  get(file: string): LastRun | undefined {
    return this.runs.get(file);
  }

  set(run: LastRun): void {
    this.runs.set(run.file, run);
    this.latest = run;
    for (const listener of this.listeners) listener(run);
  }

  onDidChange(listener: (run: LastRun) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}

/** `10:41:03`, the time a hover and the log quote for a run. */
export const clockTime = (d: Date) => d.toTimeString().slice(0, 8);
