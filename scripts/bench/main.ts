// Entry of `npm run bench`: gathers the cases of every scripts/bench/*.bench.ts (handed in by scripts/bench.mjs),
// runs them in this one process and prints a table, or with --json one JSON object per line.
// Flags: --json, --filter REGEX (case or group names), --quick (fewer rounds: a smoke run, not a measurement),
// --cpu-time (time with process CPU time instead of the wall clock: steadier on a machine other work shares).
import { enableRelaxedSimd } from "../../src/runner/wasm-features";
import { type BenchCase, type BenchOptions, renderTable, runBenchmarks } from "./harness";

// The engine runs here as in the runner's worker, which turns relaxed SIMD on before the first product (the
// fused matmul build). This module is the bundle's first import, so this runs before any case module.
enableRelaxedSimd();

export interface BenchModule {
  cases: BenchCase[];
}

// About 5 s a group: the whole bench stays under a minute with a handful of groups.
const full: BenchOptions = { warmupRounds: 10, warmupBudgetMs: 1000, minRounds: 5, maxRounds: 500, groupBudgetMs: 4000 };
const quick: BenchOptions = { warmupRounds: 1, warmupBudgetMs: 0, minRounds: 2, maxRounds: 2, groupBudgetMs: 0 };

export async function main(modules: BenchModule[], argv: string[]): Promise<void> {
  const json = argv.includes("--json");
  const at = argv.indexOf("--filter");
  const filter = at >= 0 && argv[at + 1] !== undefined ? new RegExp(argv[at + 1]) : undefined;
  const cases = modules.flatMap((m) => m.cases);
  const opts = { ...(argv.includes("--quick") ? quick : full), clock: argv.includes("--cpu-time") ? "cpu" as const : "wall" as const };
  const lines = await runBenchmarks(cases, opts, filter);
  if (json) for (const l of lines) console.log(JSON.stringify(l));
  else console.log(renderTable(lines));
}
