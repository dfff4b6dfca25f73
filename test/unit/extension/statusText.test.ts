import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { statusText, statusTooltip } from "../../../src/extension/statusText";
import type { Report } from "../../../src/protocol";
import { passingCheck } from "./twoLayerRun";

const failing = { ...passingCheck, name: "lstm", ok: false };
const timedOut = { ...passingCheck, name: "slow", ok: false, error: { code: "timeout" as const, message: "took over 10 s" } };
const report = (checks: Report["checks"]): Report => ({ file: "m.ts", ok: checks.every((c) => c.ok), error: null, checks });

describe("statusText", () => {
  it("counts passes and failures", () => {
    assert.equal(statusText(report([passingCheck, { ...passingCheck, name: "b" }])), "gradlens: 2 passed");
    assert.equal(statusText(report([passingCheck, failing])), "gradlens: 1 of 2 failed");
    assert.equal(statusText(report([passingCheck, timedOut])), "gradlens: 1 of 2 failed");
  });

  it("says why nothing could be checked", () => {
    assert.equal(statusText(report([timedOut])), "gradlens: timed out");
    assert.equal(statusText({ file: "m.ts", ok: false, error: { code: "timeout", message: "x" }, checks: [] }), "gradlens: timed out");
    assert.equal(statusText({ file: "m.ts", ok: false, error: { code: "no-checks", message: "x" }, checks: [] }), "gradlens: no checks found");
  });

  it("lists each check with its reason in the tooltip", () => {
    assert.equal(statusTooltip(report([passingCheck, timedOut])), "✓ twoLayer\n✗ slow — took over 10 s");
  });
});
