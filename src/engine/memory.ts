// The memory budget: every tensor allocation counts its bytes, so a model that would exhaust the worker's heap
// fails with a MemoryBudgetError naming the allocation instead of killing the process.
// The count only grows (tensors are freed by the garbage collector, unseen), so a training loop's garbage would
// reach any budget: once the count passes it, it is re-based on the bytes the process really holds, when the host
// can tell (the runner's worker installs a probe), and only a tensor that still does not fit fails.
import { MemoryBudgetError, fmtShape } from "./errors";

const GiB = 1024 ** 3;
/** The budget unless the runner sets one (`memoryBytes`). */
export const DEFAULT_BUDGET_BYTES = 2 * GiB;
let budget = DEFAULT_BUDGET_BYTES;
let used = 0;
let measureHeld: (() => number) | null = null;

export function setMemoryBudget(bytes: number): void {
  budget = bytes;
}

/** How to read the bytes this thread really holds in array buffers (null: count allocations only). */
export function setMemoryProbe(probe: (() => number) | null): void {
  measureHeld = probe;
}

export function resetMemoryUsage(): void {
  used = 0;
}

/** Bytes counted against the budget: allocated for tensors since the last resetMemoryUsage() or re-base. */
export function memoryUsage(): number {
  return used;
}

function fmtBytes(n: number): string {
  if (n >= GiB) return `${(n / GiB).toFixed(2)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${n} bytes`;
}

/** Counts `bytes` against the budget before they are allocated. */
export function chargeMemory(bytes: number, shape: readonly number[]): void {
  if (used + bytes > budget && measureHeld !== null) used = measureHeld();
  if (used + bytes > budget) {
    throw new MemoryBudgetError(
      `out of memory: a tensor of shape ${fmtShape(shape)} needs ${fmtBytes(bytes)}, ` +
        `but ${fmtBytes(used)} of the ${fmtBytes(budget)} budget is already used`,
    );
  }
  used += bytes;
}
