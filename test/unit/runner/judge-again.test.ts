// The host judges every check again from the numbers it measured (runner/assemble.ts with gradcheck/verdict.ts):
// on an honest run it reaches the checker's verdict to the last figure; on a report the model's process bent, its
// own verdict stands and the check says it was overruled.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Tensor, defineCheck, randn } from "../../../src/engine/index";
import { type CheckOutcome, checkModel } from "../../../src/gradcheck";
import type { CheckReport, Report } from "../../../src/protocol";
import { assembleReport } from "../../../src/runner/assemble";
import type { CapturedTrace } from "../../../src/runner/messages";
import { BadMultiply, Multiply, squareWrongAt, twoLayer, twoLayerForward, twoLayerInputs } from "../gradcheck/fixtures";

const a = randn([3, 4], { seed: 1 });
const b = randn([3, 4], { seed: 2 });
const honest = {
  twoLayer: () => checkModel("twoLayer", twoLayer),
  badMultiply: () => checkModel("badMultiply", defineCheck({ inputs: { a, b }, forward: ({ a, b }) => BadMultiply(a, b).sum() })),
  multiply: () => checkModel("multiply", defineCheck({ inputs: { a, b }, forward: ({ a, b }) => Multiply(a, b).sum() })),
  // One element of 20,000 30% off: inside the tolerance along every direction, caught by their precise judgement.
  oneWrongElement: () => checkModel("oneWrongElement", defineCheck({
    inputs: { w: randn([20_000], { seed: 5 }) }, forward: ({ w }) => squareWrongAt(1234, 1.3)(w).sum(),
  }), { mode: "fast" }),
  manualWrong: () => checkModel("manualWrong", defineCheck({
    inputs: twoLayerInputs(), forward: twoLayerForward,
    manualGrads: ({ w1, w2 }: { w1: Tensor; w2: Tensor }) => ({ w1: w1.mul(0), w2 }),
  })),
  kinked: () => checkModel("kinked", defineCheck({
    inputs: { v: randn([8], { seed: 3 }).mul(0) }, forward: ({ v }) => v.relu().sum(),
  })),
};

/** What the worker would send for this outcome: its report as it left the checker, and a trace carrying the evidence. */
function sent(outcome: CheckOutcome): { report: Report; captured: CapturedTrace } {
  const report: Report = { file: "/m.ts", ok: false, error: null, checks: [structuredClone(outcome.report)] };
  const captured: CapturedTrace = {
    check: outcome.report.name, nodes: [], edges: [], inputs: [], customOps: [], manualNodes: [], manualReturned: [],
    errorMaps: [], nodeFrames: [], manualFrames: [], evidence: structuredClone(outcome.evidence),
  };
  return { report, captured };
}

const verdicts = (c: CheckReport) => ({ ok: c.ok, inputs: c.inputs, ops: c.ops, manual: c.manual, diagnostics: c.diagnostics });

for (const [name, make] of Object.entries(honest)) {
  test(`the host's verdict on an honest run is the checker's, figure for figure: ${name}`, () => {
    const outcome = make();
    const { report, captured } = sent(outcome);
    assembleReport(report, [captured], undefined);
    const { graph: _g, ...checker } = outcome.report;
    assert.deepEqual(verdicts(report.checks[0]), verdicts({ ...checker, graph: { nodes: [], edges: [] } }));
    assert.equal(report.ok, outcome.report.ok);
  });
}

test("the honest runs cover passing and failing inputs, custom ops and manual gradients", () => {
  const reports = Object.values(honest).map((make) => make().report);
  assert.ok(reports.some((r) => r.ok) && reports.some((r) => !r.ok));
  assert.ok(reports.some((r) => r.ops.some((o) => !o.ok)) && reports.some((r) => r.manual.some((m) => !m.ok)));
  assert.ok(reports.some((r) => r.inputs.some((i) => (i.excluded ?? 0) > 0)), "a kink excluded elements somewhere");
  assert.ok(reports.some((r) => r.diagnostics.some((d) => d.code === "precise-mismatch" && d.severity === "error")));
});

test("a report the model's process bent to 'passed' is failed again by the host, which blames the op and says so", () => {
  const { report, captured } = sent(honest.badMultiply());
  const check = report.checks[0];
  assert.equal(check.ok, false);
  // What a patched checker might send: every verdict true, the blame gone.
  check.ok = true;
  for (const r of [...check.inputs, ...check.ops]) r.ok = true;
  check.diagnostics = check.diagnostics.filter((d) => d.code !== "custom-backward-mismatch");
  assembleReport(report, [captured], undefined);
  assert.equal(report.ok, false);
  assert.equal(check.ok, false);
  assert.equal(check.ops.find((o) => o.op === "BadMultiply")?.ok, false);
  assert.match(check.diagnostics.find((d) => d.code === "custom-backward-mismatch")?.message ?? "", /BadMultiply.*input 1/);
  const overruled = check.diagnostics.find((d) => d.code === "verdict-overruled");
  assert.equal(overruled?.severity, "error");
  assert.match(overruled?.message ?? "", /b failed.*custom op BadMultiply failed/);
});

test("only the check's own 'ok' bent (its parts honest): the host fails it and says the check was overruled", () => {
  const { report, captured } = sent(honest.manualWrong());
  report.checks[0].ok = true;
  assembleReport(report, [captured], undefined);
  assert.equal(report.checks[0].ok, false);
  assert.match(report.checks[0].diagnostics.at(-1)?.message ?? "", /the check failed/);
});

test("a report bent to 'failed' on a right model passes again: the measured numbers decide, both ways", () => {
  const { report, captured } = sent(honest.multiply());
  report.checks[0].inputs[0].ok = false;
  report.checks[0].ok = false;
  assembleReport(report, [captured], undefined);
  assert.equal(report.ok, true);
  assert.ok(report.checks[0].diagnostics.some((d) => d.code === "verdict-overruled" && /a passed/.test(d.message)));
});

test("an input of which nothing was measured fails; a check sent without measurements has not passed", () => {
  const { report, captured } = sent(honest.multiply());
  captured.evidence.inputs[0].directions = [];
  captured.evidence.inputs[0].elements = [];
  assembleReport(report, [captured], undefined);
  assert.equal(report.checks[0].inputs[0].ok, false);
  assert.equal(report.ok, false);

  const bare = sent(honest.multiply());
  assembleReport(bare.report, [], undefined);
  assert.equal(bare.report.checks[0].ok, false);
  assert.equal(bare.report.ok, false);
});
