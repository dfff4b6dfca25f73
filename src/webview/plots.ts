// Canvas pictures for the inspector: a heatmap per ≤2-D tensor and a histogram. Pixels only, no text from the data.
import type { Shape } from "../protocol";

/** Rows × columns of a tensor drawn as a matrix: a vector is one row, a scalar one cell. */
export function gridOf(shape: Shape): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [1, shape[0]];
  return [shape[0], shape[1]];
}

const NAN_RGB: [number, number, number] = [128, 128, 128];

/** Blue (negative) → white (0) → red (positive), scaled by the largest magnitude. JSON's null (NaN or Inf) is grey. */
function diverging(v: number, scale: number): [number, number, number] {
  if (!Number.isFinite(v)) return v === Infinity ? [120, 0, 0] : v === -Infinity ? [0, 0, 120] : NAN_RGB;
  const t = scale === 0 ? 0 : Math.max(-1, Math.min(1, v / scale));
  const fade = Math.round(255 * (1 - Math.abs(t)));
  return t >= 0 ? [255, fade, fade] : [fade, fade, 255];
}

/** White (0) → dark red (largest), for errors (non-negative). */
function sequential(v: number, scale: number): [number, number, number] {
  if (!Number.isFinite(v)) return NAN_RGB;
  const t = scale === 0 ? 0 : Math.min(1, v / scale);
  return [255 - Math.round(115 * t), Math.round(255 * (1 - t)), Math.round(255 * (1 - t))];
}

export interface HeatmapOptions {
  /** Errors are ≥ 0 and read best white → red; values and gradients are signed. */
  kind: "signed" | "error";
  /** Flat index of an element to outline (the worst one). */
  mark?: number;
  /** Largest side in CSS pixels. */
  size?: number;
}

export function heatmap(values: readonly number[], shape: Shape, opts: HeatmapOptions): HTMLCanvasElement {
  const [rows, cols] = gridOf(shape);
  const cell = Math.max(1, Math.floor((opts.size ?? 200) / Math.max(rows, cols)));
  const canvas = document.createElement("canvas");
  canvas.width = cols * cell;
  canvas.height = rows * cell;
  canvas.className = "heatmap";
  const ctx = canvas.getContext("2d");
  if (!ctx) return canvas;
  const scale = values.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0);
  const colour = opts.kind === "error" ? sequential : diverging;
  const image = ctx.createImageData(canvas.width, canvas.height);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const [red, green, blue] = colour(values[r * cols + c], scale);
      for (let y = r * cell; y < (r + 1) * cell; y++) {
        for (let x = c * cell; x < (c + 1) * cell; x++) {
          const p = (y * canvas.width + x) * 4;
          image.data[p] = red;
          image.data[p + 1] = green;
          image.data[p + 2] = blue;
          image.data[p + 3] = 255;
        }
      }
    }
  }
  ctx.putImageData(image, 0, 0);
  if (opts.mark !== undefined) outline(ctx, Math.floor(opts.mark / cols), opts.mark % cols, cell);
  return canvas;
}

/**
 * A ring on one cell: inside it when cells are big, around it (at least 6 pixels across) when they are tiny so a
 * single element of a big matrix is still visible; kept within the canvas.
 */
function outline(ctx: CanvasRenderingContext2D, row: number, col: number, cell: number): void {
  const size = Math.max(6, cell);
  const clampTo = (v: number, max: number) => Math.max(1, Math.min(max - size - 1, v));
  const x = clampTo(col * cell + (cell - size) / 2, ctx.canvas.width);
  const y = clampTo(row * cell + (cell - size) / 2, ctx.canvas.height);
  ctx.strokeStyle = "#00c853";
  ctx.lineWidth = 3;
  ctx.strokeRect(x + 1, y + 1, size - 2, size - 2);
}

/** Counts of finite values in `bins` equal-width bins over [min, max]. */
function binCounts(values: readonly number[], bins: number): number[] {
  const finite = values.filter(Number.isFinite);
  // A loop, not Math.min(...values): spreading a large tensor overflows the call stack.
  let min = finite.length ? finite[0] : 0;
  let max = min;
  for (const v of finite) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (const v of finite) counts[width === 0 ? 0 : Math.min(bins - 1, Math.floor((v - min) / width))]++;
  return counts;
}

/** About √n bins (5 to 30): enough to show a shape without a comb of empty bins for small tensors. */
function binCountFor(n: number): number {
  return Math.max(5, Math.min(30, Math.ceil(Math.sqrt(n))));
}

export function histogram(values: readonly number[], colour: string, bins = binCountFor(values.length)): HTMLCanvasElement {
  const canvas = document.createElement("canvas");
  canvas.width = 200;
  canvas.height = 60;
  canvas.className = "histogram";
  const ctx = canvas.getContext("2d");
  if (!ctx) return canvas;
  const counts = binCounts(values, bins);
  const top = counts.reduce((m, c) => Math.max(m, c), 1);
  const barWidth = canvas.width / bins;
  ctx.fillStyle = colour;
  counts.forEach((count, i) => {
    const h = Math.max(count > 0 ? 1 : 0, (count / top) * canvas.height);
    ctx.fillRect(i * barWidth, canvas.height - h, Math.max(1, barWidth - 1), h);
  });
  return canvas;
}
