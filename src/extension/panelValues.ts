// The answer to a panel's requestValues: the full values and gradient of a node whose trace carries only a sample,
// taken from what the runner's client keeps of the file's last run. Pure (no vscode), unit-tested in plain node.
import type { NodeRef, NodeValues, RunResult, Shape } from "../protocol";
import { elementCount } from "./format";

/** What the runner's client keeps of a big node (`fullValues`): its data and gradient, row-major. */
export interface HeldValues {
  data: ArrayLike<number>;
  grad?: ArrayLike<number>;
}

/**
 * Elements sent as they are, per series; past it they are block-reduced to at most this many cells. A million
 * numbers are ~20 MB of JSON: enough for every tensor the examples make, while a panel message stays quick.
 */
export const MAX_SENT_ELEMENTS = 1 << 20;

export const NO_RUN = "This panel's file has not run since VS Code started: run the check again to see every value.";
export const NOT_HELD =
  "gradlens no longer holds this tensor's values (only the latest runs' large tensors are kept, within a memory budget): run the check again to see them.";

/**
 * `run`: the file's last run as the extension stored it (the shape comes from its trace); `held`: what the client
 * kept for that node. Values whose length does not match the shape belong to another run and are not sent.
 */
export function valuesReply(ref: NodeRef, run: RunResult | undefined, held: HeldValues | undefined, limit = MAX_SENT_ELEMENTS): NodeValues {
  const reply: NodeValues = { check: ref.check, node: ref.node, ...(ref.manual ? { manual: true } : {}) };
  if (!run) return { ...reply, unavailable: NO_RUN };
  const trace = run.traces.find((t) => t.check === ref.check);
  const shape = (ref.manual ? trace?.manualNodes : trace?.nodes)?.find((n) => n.id === ref.node)?.shape;
  if (!shape || !held || held.data.length !== elementCount(shape)) return { ...reply, unavailable: NOT_HELD };
  if (held.data.length <= limit) {
    return { ...reply, shape, data: Array.from(held.data), ...(held.grad ? { gradData: Array.from(held.grad) } : {}) };
  }
  const [rows, cols] = matrixOf(shape);
  const block = blockFor(rows, cols, limit);
  return {
    ...reply,
    shape,
    data: reduceBlocks(held.data, rows, cols, block),
    ...(held.grad ? { gradData: reduceBlocks(held.grad, rows, cols, block) } : {}),
    blocks: { grid: [Math.ceil(rows / block[0]), Math.ceil(cols / block[1])], block },
  };
}

/** A tensor seen as a matrix: dim 0 by the rest (a vector is one row). */
function matrixOf(shape: Shape): [number, number] {
  if (shape.length <= 1) return [1, shape[0] ?? 1];
  return [shape[0], elementCount(shape.slice(1))];
}

/** The smallest equal-ish blocks (the longer side cut first) that leave at most `limit` cells. */
export function blockFor(rows: number, cols: number, limit: number): [number, number] {
  let br = 1;
  let bc = 1;
  while (Math.ceil(rows / br) * Math.ceil(cols / bc) > limit) {
    if (Math.ceil(rows / br) >= Math.ceil(cols / bc)) br++;
    else bc++;
  }
  return [br, bc];
}

/** Each block's element of largest magnitude, sign kept; NaN wins so it is never hidden by its neighbours. */
export function reduceBlocks(data: ArrayLike<number>, rows: number, cols: number, [br, bc]: [number, number]): number[] {
  const gridRows = Math.ceil(rows / br);
  const gridCols = Math.ceil(cols / bc);
  const out = new Array<number>(gridRows * gridCols).fill(0);
  const seen = new Uint8Array(out.length);
  for (let r = 0; r < rows; r++) {
    const rowBase = Math.floor(r / br) * gridCols;
    for (let c = 0; c < cols; c++) {
      const cell = rowBase + Math.floor(c / bc);
      const v = data[r * cols + c];
      const kept = out[cell];
      if (!seen[cell] || Number.isNaN(v) || (!Number.isNaN(kept) && Math.abs(v) > Math.abs(kept))) out[cell] = v;
      seen[cell] = 1;
    }
  }
  return out;
}
