// What the engine's memory budget re-bases on once its count of allocations passes the limit (engine/memory.ts):
// the bytes this thread really holds in array buffers, where tensor data lives, measured after a full garbage
// collection so that a training loop's dead intermediates do not count. Called only when the budget is crossed
// (a few milliseconds each time).
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** V8's `gc`, obtained without leaving --expose-gc on for the rest of the process (the extension host's too). */
function garbageCollector(): () => void {
  setFlagsFromString("--expose-gc");
  try {
    return runInNewContext("gc") as () => void;
  } finally {
    setFlagsFromString("--no-expose-gc");
  }
}

let gc: (() => void) | undefined;

/** Array-buffer bytes still reachable on this thread (Node gives each worker its own array-buffer allocator). */
export function heldArrayBufferBytes(): number {
  gc ??= garbageCollector();
  // V8 frees dead array buffers on a background thread after a collection, so the count read right after would
  // still include them: for this one collection they are swept before it returns.
  setFlagsFromString("--no-concurrent-array-buffer-sweeping");
  try {
    gc();
  } finally {
    setFlagsFromString("--concurrent-array-buffer-sweeping");
  }
  return process.memoryUsage().arrayBuffers;
}
