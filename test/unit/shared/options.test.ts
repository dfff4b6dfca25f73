// Each option's bounds, the same for the CLI's flags, the extension's settings and package.json's schema.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { MAX_TIMEOUT_MS, OPTION_BOUNDS, type OptionName, validateOption } from "../../../src/shared/options";
import { ROOT } from "../runner/fixtures";

test("the timeout runs from 100 ms to 24 h, well below where setTimeout overflows and fires at once", () => {
  assert.ok(MAX_TIMEOUT_MS < 2 ** 31 - 1);
  assert.equal(validateOption("timeout", 100), null);
  assert.equal(validateOption("timeout", 86_400_000), null);
  assert.equal(validateOption("timeout", 99), "takes a number from 100 to 86400000 ms, not 99");
  assert.match(validateOption("timeout", 86_400_001)!, /from 100 to 86400000 ms, not 86400001$/);
  assert.match(validateOption("timeout", 2 ** 31)!, /not 2147483648$/);
});

test("eps must be positive; atol and rtol may be 0; the memory budget is at least 1 MiB", () => {
  assert.equal(validateOption("eps", 1e-9), null);
  assert.equal(validateOption("eps", 0), "takes a positive number, not 0");
  for (const name of ["atol", "rtol"] as const) {
    assert.equal(validateOption(name, 0), null);
    assert.equal(validateOption(name, -1e-9), "takes a number of 0 or more, not -1e-9");
  }
  assert.equal(validateOption("memoryBudget", 2 ** 20), null);
  assert.equal(validateOption("memoryBudget", 2 ** 20 - 1), "takes a number of at least 1048576 bytes, not 1048575");
});

test("only finite numbers pass; what is not a number is named by its type, a string by its text", () => {
  for (const name of Object.keys(OPTION_BOUNDS) as OptionName[]) {
    for (const v of [NaN, Infinity, -Infinity]) assert.match(validateOption(name, v)!, new RegExp(`not ${String(v)}$`));
  }
  assert.match(validateOption("atol", "1e-5")!, /, not "1e-5"$/);
  assert.match(validateOption("atol", null)!, /, not object$/);
  assert.match(validateOption("atol", undefined)!, /, not undefined$/);
});

test("package.json's gradlens.* settings state the same bounds", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const schema = pkg.contributes.configuration.properties;
  for (const [name, b] of Object.entries(OPTION_BOUNDS)) {
    const p = schema[`gradlens.${name}`];
    assert.equal(b.exclusiveMinimum ? p.exclusiveMinimum : p.minimum, b.minimum, `gradlens.${name}'s minimum`);
    assert.equal(p.maximum, b.maximum, `gradlens.${name}'s maximum`);
    assert.ok(validateOption(name as OptionName, p.default) === null, `gradlens.${name}'s default is allowed`);
  }
});
