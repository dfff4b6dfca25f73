// Value and gradient summaries for the trace: what a hover shows without shipping the whole tensor.
import type { Summary } from "../protocol";

/** Statistics over the finite elements; NaN and Inf are counted apart so one NaN does not hide the rest. */
export function summarize(data: ArrayLike<number>): Summary {
  let nan = 0, inf = 0, zeros = 0, finite = 0, sum = 0;
  let min = Infinity, max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (Number.isNaN(v)) nan++;
    else if (!Number.isFinite(v)) inf++;
    else {
      finite++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v === 0) zeros++;
    }
  }
  const mean = finite ? sum / finite : NaN;
  let squares = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (Number.isFinite(v)) squares += (v - mean) * (v - mean);
  }
  return {
    count: data.length, nan, inf, zeros, mean,
    min: finite ? min : NaN,
    max: finite ? max : NaN,
    std: finite ? Math.sqrt(squares / finite) : NaN,
  };
}

/** Tensors up to this many elements travel whole; larger ones as a summary plus the first SAMPLE elements. */
export const WHOLE_LIMIT = 4096;
export const SAMPLE = 256;

export function sample(data: ArrayLike<number>): { values: number[]; complete: boolean } {
  const complete = data.length <= WHOLE_LIMIT;
  const values = Array.from({ length: complete ? data.length : SAMPLE }, (_, i) => data[i]);
  return { values, complete };
}
