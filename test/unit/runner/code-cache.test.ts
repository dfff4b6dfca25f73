// The labels parser's code cache: written after first use, taken by the next load, and never trusted when the
// bundle changed (V8 itself checks only the source's length) or the file is not a cache of ours.
import assert from "node:assert/strict";
import { mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { requireWithCodeCache } from "../../../src/runner/code-cache";

const bundle = (source: string, time: number) => {
  const path = join(mkdtempSync(join(tmpdir(), "gradlens-code-cache-")), "bundle.js");
  writeFileSync(path, source);
  utimesSync(path, time, time);
  return path;
};
type Scale = { scale: (x: number) => number };

test("the cache written after first use is taken by the next load", () => {
  const path = bundle("module.exports = { scale: (x) => 2 * x };", 1_000);
  const first = requireWithCodeCache(path);
  assert.equal(first.fromCache, false);
  assert.equal((first.exports as Scale).scale(3), 6);
  first.saveCache();
  const second = requireWithCodeCache(path);
  assert.equal(second.fromCache, true);
  assert.equal((second.exports as Scale).scale(3), 6);
});

test("a rebuilt bundle of the same length does not take the old cache", () => {
  const path = bundle("module.exports = { scale: (x) => 2 * x };", 1_000);
  requireWithCodeCache(path).saveCache();
  writeFileSync(path, "module.exports = { scale: (x) => 3 * x };");
  utimesSync(path, 2_000, 2_000);
  const rebuilt = requireWithCodeCache(path);
  assert.equal(rebuilt.fromCache, false);
  assert.equal((rebuilt.exports as Scale).scale(3), 9);
});

test("a cache file that is not ours is ignored, then replaced", () => {
  const path = bundle("module.exports = { scale: (x) => 2 * x };", 1_000);
  writeFileSync(`${path}.cache`, "not a code cache");
  const loaded = requireWithCodeCache(path);
  assert.equal(loaded.fromCache, false);
  assert.equal((loaded.exports as Scale).scale(3), 6);
  loaded.saveCache();
  assert.equal(requireWithCodeCache(path).fromCache, true);
});
