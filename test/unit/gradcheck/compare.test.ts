import assert from "node:assert/strict";
import { test } from "node:test";
import { relativeError, summarize, unflatten, withinTolerance } from "../../../src/gradcheck/compare";
import { chooseMode, resolveSettings } from "../../../src/gradcheck/settings";

const tol = { atol: 1e-5, rtol: 1e-3 };

test("tolerance follows allclose: atol plus rtol of the numeric value", () => {
  assert.equal(withinTolerance(100.09, 100, tol), true);
  assert.equal(withinTolerance(100.2, 100, tol), false);
  assert.equal(withinTolerance(NaN, NaN, tol), false);
});

test("relative error is floored at atol so tiny values are not 100% apart", () => {
  assert.equal(relativeError(1e-12, 0, 1e-5), 1e-12 / 1e-5);
  assert.equal(relativeError(Infinity, 1, 1e-5), Infinity);
});

test("the worst element is the one furthest past its tolerance, with its multi-index", () => {
  const s = summarize(
    [
      { flat: 0, analytic: 1, numeric: 1 },
      { flat: 4, analytic: 2, numeric: 1 },
      { flat: 5, analytic: 1.5, numeric: 1 },
    ],
    [2, 3],
    tol,
  );
  assert.equal(s.ok, false);
  assert.deepEqual(s.worst, { index: [1, 1], analytic: 2, numeric: 1 });
  assert.equal(s.maxAbsError, 1);
  assert.equal(s.checked, 3);
});

test("unflatten is row-major", () => {
  assert.deepEqual(unflatten(7, [2, 2, 3]), [1, 0, 1]);
});

test("settings: the spec's overrides defaults, explicit options override the spec, undefined overrides nothing", () => {
  const s = resolveSettings({ eps: 1e-4, atol: 1e-3 }, { atol: 1e-2, eps: undefined });
  assert.deepEqual([s.eps, s.atol, s.rtol, s.mode], [1e-4, 1e-2, 1e-3, "auto"]);
});

test("settings that cannot work are refused, naming the setting", () => {
  assert.throws(() => resolveSettings({ eps: 0 }), /eps: must be greater than 0, got 0/);
  assert.throws(() => resolveSettings({ atol: -1 }), /atol: must not be negative/);
  assert.throws(() => resolveSettings({ mode: "slow" as never }), /mode: must be "full", "fast" or "auto", got "slow"/);
  assert.throws(() => resolveSettings({ rtol: NaN }), /rtol: must be a finite number/);
});

test("auto picks full for small work and fast for the contract's two-layer net", () => {
  assert.equal(chooseMode("auto", 2000, 5000), "full");
  assert.equal(chooseMode("auto", 101_000, 64 * 1000 * 100), "fast");
  assert.equal(chooseMode("full", 101_000, 1e9), "full");
});

test("a NaN compared makes the error figures the largest double, which JSON keeps as a number", () => {
  const s = summarize([{ flat: 0, analytic: 1, numeric: 1 }, { flat: 1, analytic: 6, numeric: NaN }], [2], tol);
  assert.equal(s.ok, false);
  assert.deepEqual(s.worst!.index, [1]);
  const json = JSON.parse(JSON.stringify({ abs: s.maxAbsError, rel: s.maxRelError }));
  assert.deepEqual(json, { abs: Number.MAX_VALUE, rel: Number.MAX_VALUE });
});
