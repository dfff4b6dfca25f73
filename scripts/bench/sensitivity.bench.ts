// How often each mode catches a planted bug that touches few elements of a large tensor, and how often it fails a
// right model (a false alarm). Not a timing group: a table of shares, with the median time a check took.
//
// The model: f(w) = Σ c ⊙ tanh(s ⊙ w) with a custom op for s ⊙ w whose backward is right but for the planted bug;
// w is viewed as [rows, 100] (a time-major [steps, units] for the time-step bug). A forward pass is O(n), so the
// cost of a mode is its number of forward passes: full is 2n of them, shown up to FULL_LIMIT elements (two trials
// above 1,000).
import { type CheckSpec, Tensor, customOp, defineCheck, randn } from "../../src/engine/internal";
import { fillNormal } from "../../src/engine/random";
import { checkModel } from "../../src/gradcheck";
import type { CheckReport } from "../../src/protocol";
import type { BenchTable, ReportLine } from "./harness";

const COLS = 100;
const FULL_LIMIT = 10_000;

interface Bug {
  name: string;
  /** Changes the right gradient `dw` of a [rows, COLS] w in place; returns the flat indices it touched. */
  plant(dw: Float64Array, rows: number, pick: number): number[];
}

const bugs: Bug[] = [
  { name: "one element 5%+1e-3", plant: (dw, rows, pick) => {
    const k = pick % (rows * COLS);
    dw[k] = dw[k] * 1.05 + 1e-3;
    return [k];
  } },
  { name: "one row 2%", plant: (dw, rows, pick) => {
    const row = pick % rows;
    const touched = Array.from({ length: COLS }, (_, j) => row * COLS + j);
    for (const k of touched) dw[k] *= 1.02;
    return touched;
  } },
  { name: "last column 5%", plant: (dw, rows) => {
    const touched = Array.from({ length: rows }, (_, i) => i * COLS + COLS - 1);
    for (const k of touched) dw[k] *= 1.05;
    return touched;
  } },
  { name: "sign, one unit of one step", plant: (dw, rows, pick) => {
    const k = (pick % rows) * COLS + (pick % COLS);
    dw[k] = -dw[k];
    return [k];
  } },
];

type Variant = "float64" | "float32" | "kinked";

/**
 * The model with `bug` planted at `pick` (none: a right model). "kinked": relu instead of tanh, and every 50th
 * element of w exactly at its kink.
 */
function model(rows: number, bug: Bug | undefined, pick: number, variant: Variant) {
  const dtype = variant === "float32" ? "float32" : "float64";
  const touched: number[] = [];
  const s = randn([rows, COLS], { seed: 21, dtype });
  const c = randn([rows, COLS], { seed: 22, dtype });
  const scale = customOp({
    name: "Scale",
    forward: (_ctx, w: Tensor) => w.mul(s),
    backward: (_ctx, g: Tensor) => {
      const dw = Float64Array.from(g.mul(s).data);
      if (bug) touched.splice(0, touched.length, ...bug.plant(dw, rows, pick));
      return Tensor.fromData(dw, [rows, COLS], dtype);
    },
  });
  const w = randn([rows, COLS], { seed: 23 + pick, dtype });
  if (variant === "kinked") for (let i = 0; i < w.size; i += 50) (w.data as Float64Array)[i] = 0;
  const spec: CheckSpec = defineCheck({
    inputs: { w },
    forward: ({ w }) => (variant === "kinked" ? scale(w).relu() : scale(w).tanh()).mul(c).sum(),
  });
  return { spec, touched };
}

type Mode = "full" | "fast" | "auto";

interface Tally {
  caught: number;
  blamed: number;
  trials: number;
  ms: number[];
}

function tally(rows: number, bug: Bug | undefined, mode: Mode, trials: number, variant: Variant): Tally {
  const t: Tally = { caught: 0, blamed: 0, trials, ms: [] };
  const picks = new Float64Array(trials);
  fillNormal(picks, rows + trials);
  for (let i = 0; i < trials; i++) {
    const pick = Math.floor(Math.abs(picks[i]) * 1e6) + i;
    const { spec, touched } = model(rows, bug, pick, variant);
    const start = performance.now();
    const report: CheckReport = checkModel("sensitivity", spec, { mode, seed: 1 + i }).report;
    t.ms.push(performance.now() - start);
    if (!report.ok) t.caught++;
    if (blamedElements(report).some((k) => touched.includes(k))) t.blamed++;
  }
  return t;
}

/**
 * The flat indices a report blames: the worst element of a failing input, and the worst element its custom op's
 * own check names ("worst at [r,c]").
 */
function blamedElements(report: CheckReport): number[] {
  const w = report.inputs[0];
  const fromInput = w.worst && !w.ok ? [w.worst.index[0] * COLS + w.worst.index[1]] : [];
  const fromOp = report.ops.flatMap((o) => [...(o.message ?? "").matchAll(/worst at \[(\d+),(\d+)\]/g)])
    .map((m) => Number(m[1]) * COLS + Number(m[2]));
  return [...fromInput, ...fromOp];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function rows(quick: boolean): ReportLine[] {
  const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000, 1_000_000];
  const trialsFor = (n: number) => (quick ? 1 : n >= 1_000_000 ? 3 : 8);
  const lines: ReportLine[] = [];
  for (const n of sizes) {
    const modes: Mode[] = n <= FULL_LIMIT ? ["full", "fast", "auto"] : ["fast", "auto"];
    for (const bug of bugs) {
      const line: ReportLine = { bug: bug.name, elements: n };
      for (const mode of modes) {
        // full's 2n forward passes make a 10,000-element trial take seconds: fewer of them.
        const trials = mode === "full" && n > 1_000 ? Math.min(2, trialsFor(n)) : trialsFor(n);
        const t = tally(n / COLS, bug, mode, trials, "float64");
        line[`${mode}_caught`] = `${t.caught}/${t.trials}`;
        line[`${mode}_blamed`] = `${t.blamed}/${t.trials}`;
        line[`${mode}_ms`] = Number(median(t.ms).toPrecision(3));
      }
      lines.push(line);
    }
    for (const variant of ["float64", "float32", "kinked"] as const) {
      const line: ReportLine = { bug: `none (right, ${variant}): false alarms`, elements: n };
      for (const mode of modes) {
        const trials = mode === "full" && n > 1_000 ? Math.min(2, trialsFor(n)) : trialsFor(n) * 2;
        const t = tally(n / COLS, undefined, mode, trials, variant);
        line[`${mode}_caught`] = `${t.caught}/${t.trials}`;
        line[`${mode}_ms`] = Number(median(t.ms).toPrecision(3));
      }
      lines.push(line);
    }
  }
  return lines;
}

export const tables: BenchTable[] = [{ name: "sensitivity", rows }];
