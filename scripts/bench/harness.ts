// The benchmark harness behind `npm run bench`. Benchmarks live in scripts/bench/*.bench.ts, each exporting
// `cases: BenchCase[]`; scripts/bench.mjs bundles them all into one program so every case runs in ONE process.
// Cases of the same group are measured interleaved (one run of each, round after round), so a slower or
// faster stretch of a shared machine hits every case of a comparison alike; each case reports its median.

export interface BenchCase {
  /** Stable id, printed as "name" (e.g. "mlp-step-f64"). */
  name: string;
  /** Cases of one group are measured together, interleaved; `vs` refers to cases of the same group. */
  group: string;
  /** One repetition: the timed work. */
  run: () => void | Promise<void>;
  /** Once, before the group's first round (load a backend, build inputs); not timed. */
  setup?: () => void | Promise<void>;
  /** Before every repetition, not timed (e.g. switch the tfjs backend). */
  before?: () => void | Promise<void>;
  /** Floating-point operations per repetition: the report then adds GFLOP/s. */
  flops?: number;
  /** Names of cases in the same group to compare with: one report line per reference. */
  vs?: string[];
}

/** A table that is not a timing group (e.g. shares of planted bugs caught): its rows, computed once. */
export interface BenchTable {
  name: string;
  /** `quick`: a smoke run's smaller version. */
  rows: (quick: boolean) => ReportLine[];
}

export interface BenchOptions {
  /** Untimed rounds first (at least one): lets V8 tier up JS and WebAssembly. */
  warmupRounds: number;
  /** Stop warming up after this long, so slow groups (a worker start, a full gradcheck) keep the bench short. */
  warmupBudgetMs: number;
  minRounds: number;
  maxRounds: number;
  /** Stop a group's timed rounds after this long (once minRounds are done). */
  groupBudgetMs: number;
  /**
   * "wall" (default) times with performance.now(); "cpu" with this process's CPU time, which leaves out the time
   * other processes hold the cores (a loaded machine), but counts V8's helper threads (GC, compilers) too.
   */
  clock?: "wall" | "cpu";
}

const wallMs = (): number => performance.now();
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export interface Measured {
  name: string;
  group: string;
  medianMs: number;
  rounds: number;
  gflops?: number;
}

/**
 * One report line: a case alone, or a case against one reference: ratio = median_ms / vs_median_ms (below 1:
 * faster than the reference), and for cases with flops gflops_ratio = gflops / vs_gflops.
 */
export type ReportLine = Record<string, string | number>;

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

async function measureGroup(group: BenchCase[], opts: BenchOptions): Promise<Measured[]> {
  for (const c of group) await c.setup?.();
  const now = opts.clock === "cpu" ? cpuMs : wallMs;
  const round = async (into?: number[][]): Promise<void> => {
    for (let i = 0; i < group.length; i++) {
      await group[i].before?.();
      const t0 = now();
      await group[i].run();
      into?.[i].push(now() - t0);
    }
  };
  const warmupStart = performance.now();
  for (let r = 0; r < Math.max(1, opts.warmupRounds); r++) {
    await round();
    if (performance.now() - warmupStart > opts.warmupBudgetMs) break;
  }
  const times = group.map((): number[] => []);
  const started = performance.now();
  for (let r = 0; r < opts.maxRounds; r++) {
    if (r >= opts.minRounds && performance.now() - started > opts.groupBudgetMs) break;
    await round(times);
  }
  return group.map((c, i) => {
    const medianMs = median(times[i]);
    const m: Measured = { name: c.name, group: c.group, medianMs, rounds: times[i].length };
    if (c.flops !== undefined) m.gflops = c.flops / (medianMs * 1e6);
    return m;
  });
}

/** Measures every group in turn (groups in first-appearance order) and returns the report lines. */
export async function runBenchmarks(cases: BenchCase[], opts: BenchOptions, filter?: RegExp): Promise<ReportLine[]> {
  const matched = new Set(cases.filter((c) => filter === undefined || filter.test(c.name) || filter.test(c.group)));
  // A matched case brings the cases it is compared with, so its ratios can still be computed; those report only
  // their own figures, not comparisons of theirs.
  const wanted = new Set([...matched].flatMap((c) => [c.name, ...(c.vs ?? [])]));
  const selected = cases.filter((c) => wanted.has(c.name));
  const groups = new Map<string, BenchCase[]>();
  for (const c of selected) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  const lines: ReportLine[] = [];
  for (const group of groups.values()) {
    const measured = await measureGroup(group, opts);
    const byName = new Map(measured.map((m) => [m.name, m]));
    for (const c of group) lines.push(...linesFor(matched.has(c) ? c : { ...c, vs: undefined }, byName));
  }
  return lines;
}

const round3 = (x: number): number => Number(x.toPrecision(3));

function linesFor(c: BenchCase, byName: Map<string, Measured>): ReportLine[] {
  const me = byName.get(c.name)!;
  const base: ReportLine = { name: c.name, median_ms: round3(me.medianMs) };
  if (me.gflops !== undefined) base.gflops = round3(me.gflops);
  if (c.vs === undefined || c.vs.length === 0) return [base];
  return c.vs.map((refName) => {
    const ref = byName.get(refName);
    if (ref === undefined) throw new Error(`bench case ${c.name}: reference ${refName} is not in group ${c.group}`);
    const line: ReportLine = { ...base, vs: refName, vs_median_ms: round3(ref.medianMs) };
    if (ref.gflops !== undefined) line.vs_gflops = round3(ref.gflops);
    line.ratio = round3(me.medianMs / ref.medianMs);
    // Work differs between cases of a kernel group (sizes, the peak loop): compare rates there.
    if (me.gflops !== undefined && ref.gflops !== undefined) line.gflops_ratio = round3(me.gflops / ref.gflops);
    return line;
  });
}

/** The readable form: one row per line, columns aligned; a timing line's columns first, then any others in order. */
export function renderTable(lines: ReportLine[]): string {
  const cols = ["name", "median_ms", "gflops", "vs", "vs_median_ms", "vs_gflops", "ratio", "gflops_ratio"];
  const used = [...new Set([...cols, ...lines.flatMap(Object.keys)])].filter((k) => lines.some((l) => l[k] !== undefined));
  const cell = (l: ReportLine, k: string): string => (l[k] === undefined ? "" : String(l[k]));
  const widths = used.map((k) => Math.max(k.length, ...lines.map((l) => cell(l, k).length)));
  const row = (cells: string[]): string => cells.map((s, i) => s.padEnd(widths[i])).join("  ").trimEnd();
  return [row(used), row(widths.map((w) => "-".repeat(w))), ...lines.map((l) => row(used.map((k) => cell(l, k))))].join("\n");
}
