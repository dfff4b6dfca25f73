import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { exportPath, panelTitle } from "../../../src/extension/panelNames";

describe("panelTitle", () => {
  it("names the model file, so two files' panels tell apart", () => {
    assert.equal(panelTitle("/w/models/two-layer.ts"), "gradlens: two-layer.ts");
    assert.notEqual(panelTitle("/w/a/mlp.ts"), panelTitle("/w/a/lstm.ts"));
    assert.equal(panelTitle(undefined), "gradlens");
  });
});

describe("exportPath", () => {
  it("suggests a file beside the model, named after it and the check shown", () => {
    assert.equal(exportPath("/w/models/two-layer.ts", "twoLayer", "svg"), "/w/models/two-layer-twoLayer.svg");
    assert.equal(exportPath("/w/models/two-layer.ts", undefined, "md"), "/w/models/two-layer.md");
  });

  it("drops only the last extension of the model's name", () => {
    assert.equal(exportPath("/w/net.spec.ts", "default", "md"), "/w/net.spec-default.md");
  });

  it("falls back to a bare name without a file", () => {
    assert.equal(exportPath(undefined, undefined, "svg"), "gradlens.svg");
  });
});
