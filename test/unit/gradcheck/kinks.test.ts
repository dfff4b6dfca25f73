import assert from "node:assert/strict";
import { test } from "node:test";
import { defineCheck, maxPool2d, randn, tensor } from "../../../src/engine/index";
import { checkModel } from "../../../src/gradcheck";
import { BadMultiply } from "./fixtures";

// Three elements sit exactly on relu's kink: autograd says 0 there, the central difference ½.
const atKink = () => tensor([[0, 1.5, -2], [0.5, 0, -1], [0, 2, 3]]);

test("relu at 0: the crossing elements are excluded, explained, and a right model passes", () => {
  const spec = defineCheck({ inputs: { w: atKink() }, forward: ({ w }) => w.relu().mul(3).sum() });
  const { report, tape } = checkModel("relu", spec, { mode: "full" });
  assert.equal(report.ok, true, JSON.stringify(report.inputs));
  assert.equal(report.inputs[0].excluded, 3);
  const kink = report.diagnostics.find((d) => d.code === "kink");
  assert.ok(kink);
  assert.equal(tape.nodes[kink.node!].op, "relu");
  assert.match(kink.message, /relu'\(0\) = 0/);
  assert.match(kink.message, /3 elements of relu's input sit exactly on the kink/);
});

test("clamp at its bound explains its own convention (slope 1)", () => {
  const spec = defineCheck({ inputs: { w: atKink() }, forward: ({ w }) => w.clamp({ min: 0 }).sum() });
  const { report } = checkModel("clamp", spec, { mode: "full" });
  assert.equal(report.ok, true);
  const kink = report.diagnostics.find((d) => d.code === "kink")!;
  assert.match(kink.message, /min ≤ x ≤ max/);
});

test("a max tie is explained as a tie and does not fail a right model", () => {
  const spec = defineCheck({ inputs: { w: tensor([[1, 3, 3], [2, 0, 1]]) }, forward: ({ w }) => w.max(1).sum() });
  const { report, tape } = checkModel("tie", spec, { mode: "full" });
  assert.equal(report.ok, true, JSON.stringify(report.inputs));
  const tie = report.diagnostics.find((d) => d.code === "tie")!;
  assert.equal(tape.nodes[tie.node!].op, "max");
  assert.match(tie.message, /first maximal element/);
});

test("a max-pool tie is excluded in fast mode too", () => {
  const img = tensor([[[[1, 1, 0, 2], [0, 0, 2, 1], [3, 0, 1, 1], [0, 3, 1, 0]]]]);
  const spec = defineCheck({ inputs: { img }, forward: ({ img }) => maxPool2d(img, 2).mul(2).sum() });
  const { report } = checkModel("pool", spec, { mode: "fast" });
  assert.equal(report.ok, true, JSON.stringify(report.inputs));
  assert.ok(report.diagnostics.some((d) => d.code === "tie"));
});

test("kinks do not hide a real bug elsewhere", () => {
  const spec = defineCheck({
    inputs: { w: atKink(), v: randn([3, 3], { seed: 3 }) },
    forward: ({ w, v }) => BadMultiply(w.relu(), v).sum(),
  });
  const { report } = checkModel("both", spec, { mode: "full" });
  assert.equal(report.ok, false);
  assert.equal(report.inputs.find((r) => r.name === "v")!.ok, false);
  assert.ok(report.diagnostics.some((d) => d.code === "custom-backward-mismatch"));
});
