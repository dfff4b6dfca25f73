import assert from "node:assert/strict";
import { test } from "node:test";
import { MemoryBudgetError, defineCheck, randn, setMemoryBudget } from "../../../src/engine/internal";
import { checkModel } from "../../../src/gradcheck";

const MiB = 1024 ** 2;
// Each forward allocates about 4 × 1 MiB; a full check of 50 elements runs 100 of them: 400 MiB in all.
const big = randn([128, 1024], { seed: 1 });
const spec = defineCheck({ inputs: { w: randn([50], { seed: 2 }) }, forward: ({ w }) => big.mul(w.sum()).tanh().mul(2).sum() });

test("perturbed forward passes do not add up against the memory budget", (t) => {
  t.after(() => setMemoryBudget(2 * 1024 * MiB));
  setMemoryBudget(64 * MiB);
  assert.equal(checkModel("mem", spec, { mode: "full" }).report.ok, true);
});

test("a single forward over the budget still fails", (t) => {
  t.after(() => setMemoryBudget(2 * 1024 * MiB));
  setMemoryBudget(2 * MiB);
  assert.throws(() => checkModel("mem", spec, { mode: "full" }), MemoryBudgetError);
});
