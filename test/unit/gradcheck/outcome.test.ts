import assert from "node:assert/strict";
import { test } from "node:test";
import { defineCheck, randn } from "../../../src/engine/index";
import { checkModel } from "../../../src/gradcheck";
import { BadMultiply, twoLayer } from "./fixtures";

test("a non-scalar output is checked through its sum, in every mode", () => {
  const a = randn([3, 4], { seed: 1 });
  const b = randn([3, 4], { seed: 2 });
  for (const mode of ["full", "fast"] as const) {
    const good = checkModel("m", defineCheck({ inputs: { a, b }, forward: ({ a, b }) => a.mul(b).tanh() }), { mode });
    assert.equal(good.report.ok, true, mode);
    const bad = checkModel("m", defineCheck({ inputs: { a, b }, forward: ({ a, b }) => BadMultiply(a, b) }), { mode });
    assert.equal(bad.report.inputs[1].ok, false, mode);
  }
});

test("error maps: full mode compares every element; auto's samples leave NaN where nothing was compared", () => {
  const full = checkModel("full", twoLayer, { mode: "full" });
  const [w1] = full.errorMaps;
  assert.equal(w1.name, "w1");
  assert.equal(full.tape.nodes[w1.node].kind, "input");
  assert.equal(w1.complete, true);
  assert.equal(w1.numeric.length, 20);
  assert.ok(w1.numeric.every((n, i) => Math.abs(n - w1.analytic[i]) < 1e-5));

  // 10,000 elements: too many for a full check, so auto runs fast plus a sample.
  const wide = defineCheck({ inputs: { w: randn([100, 100], { seed: 3 }) }, forward: ({ w }) => w.tanh().mul(w).sum() });
  const auto = checkModel("auto", wide, {});
  assert.equal(auto.report.mode, "fast");
  const map = auto.errorMaps[0];
  assert.equal(map.complete, false);
  assert.equal(map.numeric.length, 4096);
  const compared = map.numeric.filter((n) => !Number.isNaN(n)).length;
  assert.ok(compared > 0 && compared <= auto.report.inputs[0].checked!, `${compared} compared`);
});

test("the same seed gives the same report; the verdict does not depend on it", () => {
  const spec = { ...twoLayer, mode: "fast" as const };
  const a = checkModel("s", spec, { seed: 1 }).report;
  assert.deepEqual(checkModel("s", spec, { seed: 1 }).report, a);
  assert.equal(checkModel("s", spec, { seed: 2 }).report.ok, a.ok);
});

test("a setting that cannot work is an error naming the check", () => {
  assert.throws(() => checkModel("net", { ...twoLayer, eps: -1 }), /^ArgumentError: check net: eps: must be greater than 0/);
});
