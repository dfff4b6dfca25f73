import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkSettings } from "../../../src/extension/settings";

const reader = (values: Record<string, unknown>) => (key: string) => values[key];
const defaults = reader({ mode: "auto", eps: 1e-6, timeout: 10000, memoryBudget: 2 ** 31 });

describe("checkSettings", () => {
  it("passes on only what the user set for the check's own options, and the limits always", () => {
    assert.deepEqual(checkSettings(reader({}), defaults),
      { mode: undefined, eps: undefined, atol: undefined, rtol: undefined, timeoutMs: 10000, memoryBytes: 2 ** 31 });
    assert.deepEqual(checkSettings(reader({ mode: "fast", eps: 1e-4, atol: 0, rtol: 0.01 }), defaults),
      { mode: "fast", eps: 1e-4, atol: 0, rtol: 0.01, timeoutMs: 10000, memoryBytes: 2 ** 31 });
  });

  it("ignores values a hand-edited settings.json got wrong", () => {
    const s = checkSettings(reader({ mode: "fastest", eps: -1, atol: "1e-5" }), reader({ timeout: 0, memoryBudget: NaN }));
    assert.deepEqual(s, { mode: undefined, eps: undefined, atol: undefined, rtol: undefined, timeoutMs: undefined, memoryBytes: undefined });
  });

  it("ignores limits out of the bounds the CLI enforces too: a timeout past 24 h would overflow setTimeout", () => {
    const s = checkSettings(reader({}), reader({ timeout: 2 ** 31, memoryBudget: 1024 }));
    assert.deepEqual([s.timeoutMs, s.memoryBytes], [undefined, undefined]);
    assert.equal(checkSettings(reader({}), reader({ timeout: 99 })).timeoutMs, undefined);
    assert.equal(checkSettings(reader({}), reader({ timeout: 86_400_000 })).timeoutMs, 86_400_000);
  });
});
