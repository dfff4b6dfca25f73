// Entry of `npm run bench`: gathers the cases of every scripts/bench/*.bench.ts (handed in by scripts/bench.mjs),
// runs them in this one process and prints a table, or with --json one JSON object per line.
// Flags: --json, --filter REGEX (case or group names), --quick (fewer rounds: a smoke run, not a measurement),
// --cpu-time (time with process CPU time instead of the wall clock: steadier on a machine other work shares).
import { setMemoryProbe } from "../../src/engine/memory";
import { heldArrayBufferBytes } from "../../src/runner/held-memory";
import { enableRelaxedSimd } from "../../src/runner/wasm-features";
import { type BenchCase, type BenchOptions, type BenchTable, renderTable, runBenchmarks } from "./harness";

// The engine runs here as in the runner's worker, which turns relaxed SIMD on before the first product (the
// fused matmul build). This module is the bundle's first import, so this runs before any case module.
enableRelaxedSimd();
// Like the worker, the budget re-bases on the bytes really held once its count of allocations passes it: thousands
// of rounds of a case allocate far more than 2 GiB in all, nearly all of it garbage.
setMemoryProbe(heldArrayBufferBytes);

export interface BenchModule {
  cases?: BenchCase[];
  tables?: BenchTable[];
}

// About 5 s a group: the whole bench stays under a minute with a handful of groups.
const full: BenchOptions = { warmupRounds: 10, warmupBudgetMs: 1000, minRounds: 5, maxRounds: 500, groupBudgetMs: 4000 };
const quick: BenchOptions = { warmupRounds: 1, warmupBudgetMs: 0, minRounds: 2, maxRounds: 2, groupBudgetMs: 0 };

export async function main(modules: BenchModule[], argv: string[]): Promise<void> {
  const json = argv.includes("--json");
  const at = argv.indexOf("--filter");
  const filter = at >= 0 && argv[at + 1] !== undefined ? new RegExp(argv[at + 1]) : undefined;
  const cases = modules.flatMap((m) => m.cases ?? []);
  const isQuick = argv.includes("--quick");
  const opts = { ...(isQuick ? quick : full), clock: argv.includes("--cpu-time") ? "cpu" as const : "wall" as const };
  const lines = await runBenchmarks(cases, opts, filter);
  if (json) for (const l of lines) console.log(JSON.stringify(l));
  else if (lines.length > 0) console.log(renderTable(lines));
  for (const table of modules.flatMap((m) => m.tables ?? [])) {
    if (filter !== undefined && !filter.test(table.name)) continue;
    const rows = table.rows(isQuick);
    if (json) for (const r of rows) console.log(JSON.stringify({ table: table.name, ...r }));
    else console.log(`\n${table.name}\n${renderTable(rows)}`);
  }
}
