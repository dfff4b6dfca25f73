// The bench harness: interleaving, hooks, report lines and filtering. No timing is asserted, only structure and
// the arithmetic that links a line's fields.
import { test } from "node:test";
import assert from "node:assert/strict";
import { type BenchCase, type BenchOptions, renderTable, runBenchmarks } from "../../../scripts/bench/harness";

const opts: BenchOptions = { warmupRounds: 2, warmupBudgetMs: 10_000, minRounds: 3, maxRounds: 3, groupBudgetMs: 0 };

function recorder(log: string[], name: string, group: string, extra: Partial<BenchCase> = {}): BenchCase {
  return {
    name, group,
    setup: () => void log.push(`setup ${name}`),
    before: () => void log.push(`before ${name}`),
    run: () => void log.push(`run ${name}`),
    ...extra,
  };
}

test("cases of a group run interleaved, after one setup each, with `before` ahead of every run", async () => {
  const log: string[] = [];
  await runBenchmarks([recorder(log, "a", "g"), recorder(log, "b", "g")], opts);
  const runs = log.filter((l) => l.startsWith("run"));
  assert.deepEqual(runs, Array.from({ length: 5 }, () => ["run a", "run b"]).flat()); // 2 warm-up + 3 timed rounds
  assert.deepEqual(log.slice(0, 2), ["setup a", "setup b"]);
  log.forEach((l, i) => {
    if (l.startsWith("run")) assert.equal(log[i - 1], `before ${l.slice(4)}`);
  });
});

test("one line per reference, ratio = median_ms / vs_median_ms, rates when both sides have flops", async () => {
  const spin = (ms: number) => () => {
    const end = performance.now() + ms;
    while (performance.now() < end);
  };
  const cases: BenchCase[] = [
    { name: "fast", group: "g", run: spin(1), flops: 2e6, vs: ["slow", "other"] },
    { name: "slow", group: "g", run: spin(3), flops: 2e6 },
    { name: "other", group: "g", run: spin(2) },
  ];
  const lines = await runBenchmarks(cases, opts);
  assert.deepEqual(lines.map((l) => [l.name, l.vs]), [["fast", "slow"], ["fast", "other"], ["slow", undefined], ["other", undefined]]);
  const [vsSlow, vsOther] = lines;
  for (const l of [vsSlow, vsOther]) {
    assert.ok(Math.abs(Number(l.ratio) - Number(l.median_ms) / Number(l.vs_median_ms)) < 0.01 * Number(l.ratio));
  }
  assert.ok(Math.abs(Number(vsSlow.gflops) - 2e6 / (Number(vsSlow.median_ms) * 1e6)) < 0.01 * Number(vsSlow.gflops));
  assert.equal(typeof vsSlow.gflops_ratio, "number");
  assert.equal(vsOther.gflops_ratio, undefined, "the reference has no flops");
});

test("a reference outside the group is an error naming both cases", async () => {
  const cases: BenchCase[] = [
    { name: "x", group: "g1", run: () => undefined, vs: ["y"] },
    { name: "y", group: "g2", run: () => undefined },
  ];
  await assert.rejects(runBenchmarks(cases, opts), /bench case x: reference y is not in group g1/);
});

test("the filter selects by case or group name", async () => {
  const log: string[] = [];
  const cases = [recorder(log, "mm-a", "matmul"), recorder(log, "step", "mlp"), recorder(log, "other", "misc")];
  const lines = await runBenchmarks(cases, opts, /mm-|mlp/);
  assert.deepEqual(lines.map((l) => l.name), ["mm-a", "step"]);
  assert.ok(!log.some((l) => l.endsWith("other")));
});

test("a filtered case brings the cases it is compared with, which report only their own figures", async () => {
  const log: string[] = [];
  const cases = [
    recorder(log, "mm-64", "matmul", { vs: ["peak", "ts-64"] }), recorder(log, "peak", "matmul"),
    recorder(log, "ts-64", "matmul", { vs: ["ts-32"] }), recorder(log, "ts-32", "matmul"),
    recorder(log, "mm-256", "matmul", { vs: ["peak"] }),
  ];
  const lines = await runBenchmarks(cases, opts, /mm-64/);
  assert.deepEqual(lines.map((l) => [l.name, l.vs]), [["mm-64", "peak"], ["mm-64", "ts-64"], ["peak", undefined], ["ts-64", undefined]]);
  assert.ok(!log.some((l) => l.endsWith("mm-256") || l.endsWith("ts-32")));
});

test("the table has a header, a rule and one aligned row per line", () => {
  const table = renderTable([{ name: "a", median_ms: 1.5 }, { name: "longer-name", median_ms: 20, vs: "a", ratio: 13.3 }]);
  const rows = table.split("\n");
  assert.equal(rows.length, 4);
  assert.match(rows[0], /^name\s+median_ms\s+vs\s+ratio$/);
  assert.equal(rows[2].indexOf("1.5"), rows[0].indexOf("median_ms"));
  assert.equal(rows[3].indexOf("13.3"), rows[0].indexOf("ratio"));
});

test("columns other than a timing line's follow them, in the order the lines first use them", () => {
  const table = renderTable([{ bug: "one element", elements: 1000, mode: "fast", caught: "8/8", median_ms: 3 }]);
  assert.match(table.split("\n")[0], /^median_ms\s+bug\s+elements\s+mode\s+caught$/);
});

test("the cpu clock leaves out time the process spends waiting; the wall clock counts it", async () => {
  const sleeper: BenchCase = { name: "sleep", group: "g", run: () => new Promise((done) => setTimeout(done, 30)) };
  const [wall] = await runBenchmarks([sleeper], { ...opts, clock: "wall" });
  const [cpu] = await runBenchmarks([sleeper], { ...opts, clock: "cpu" });
  assert.ok(Number(wall.median_ms) >= 25, `wall ${wall.median_ms} ms`);
  assert.ok(Number(cpu.median_ms) < 15, `cpu ${cpu.median_ms} ms`);
});
