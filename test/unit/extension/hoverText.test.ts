import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hoverMarkdown, shapeFlow } from "../../../src/extension/hoverText";
import { at, passingCheck, runWith, summary, trace } from "./twoLayerRun";

const fresh = { stale: false, ranAt: "10:41:03" };
const hoverAt = (needle: string, word: string, nth = 0, run = runWith(passingCheck), meta = fresh) => {
  const { line, column } = at(needle, nth);
  return hoverMarkdown(run, { line, column, word }, meta);
};

describe("hoverMarkdown", () => {
  it("shows a variable's shape, dtype, value and gradient where it is declared", () => {
    const md = hoverAt("h_relu = x", "h_relu");
    assert.ok(md);
    assert.match(md, /`h_relu`\*\* `\[64, 100\]` float64/);
    assert.match(md, /value: mean 0\.25 ± 0\.5, range \[-1, 1\], 3200 of 6400 exactly 0/);
    assert.match(md, /gradient: .*3300 of 6400 exactly 0/);
    assert.match(md, /clamp\(\[64, 100\]\) → \[64, 100\]/);
    assert.match(md, /check `twoLayer`/);
  });

  it("finds a variable at a later use through its closest declaration above", () => {
    const md = hoverAt("h_relu.mm(w2)", "h_relu");
    assert.match(md ?? "", /`h_relu`\*\* `\[64, 100\]`/);
    assert.doesNotMatch(md ?? "", /manualGrads/);
  });

  it("shows how the shapes of an op call combine, told apart by column on a line with two calls", () => {
    const md = hoverAt("mm(w1)", "mm");
    assert.match(md ?? "", /`\[64, 1000\] · \[1000, 100\] → \[64, 100\]`/);
    assert.match(md ?? "", /local gradient: matmul/);
    assert.match(hoverAt("clamp", "clamp") ?? "", /`clamp`/);
  });

  it("gives a custom op call the verdict of its hand-written backward", () => {
    const run = runWith({ ...passingCheck, ok: false, ops: [{ op: "Multiply", line: 2, ok: false, maxRelError: 1, message: "dx is 2× too big" }] });
    const { line, column } = at("sub(y)");
    run.traces = [{ ...trace, nodes: trace.nodes.map((n) => (n.id === 7 ? { ...n, kind: "custom", op: "Multiply" } : n)) }];
    const md = hoverMarkdown(run, { line, column, word: "Multiply" }, fresh);
    assert.match(md ?? "", /custom op \*\*`Multiply`\*\*/);
    assert.match(md ?? "", /✗ its backward is wrong: dx is 2× too big \(defined at line 2\)/);
  });

  it("gives an input's gradient verdict", () => {
    const failing = {
      ...passingCheck, ok: false,
      inputs: [{ name: "w1", shape: [1000, 100], ok: false, maxAbsError: 0.3, maxRelError: 0.7,
        worst: { index: [3, 4], analytic: 0.12, numeric: 0.5 } }, passingCheck.inputs[1]],
    };
    assert.match(hoverAt("w1, w2 }) => {\n    const h_relu", "w1") ?? "", /✓ dL\/dw1: autograd matches numerical, max rel\. error 3e-9/);
    const md = hoverAt("w1, w2 }) => {\n    const h_relu", "w1", 0, runWith(failing));
    assert.match(md ?? "", /✗ dL\/dw1: autograd differs from numerical, max rel\. error 0\.7; worst at \[3, 4\]: autograd 0\.12, numerical 0\.5/);
  });

  it("inside manualGrads, says whether a returned gradient matches autograd", () => {
    const md = hoverAt("grad_w2 = ", "grad_w2");
    assert.match(md ?? "", /✓ `grad_w2` `\[100, 10\]` — matches dL\/dw2, max rel\. error 2e-16/);
    assert.match(md ?? "", /in manualGrads/);
    const wrong = { ...passingCheck, ok: false, manual: [passingCheck.manual[0], { name: "w2", ok: false, maxRelError: 1,
      worst: { index: [0, 1], manual: -2, autograd: 2 }, hint: "Sign flipped: did you write y - y_pred?" }] };
    const bad = hoverAt("grad_w2 = ", "grad_w2", 0, runWith(wrong));
    assert.match(bad ?? "", /✗ `grad_w2` `\[100, 10\]` — does not match dL\/dw2: max rel\. error 1; worst at \[0, 1\]: manual -2, autograd 2/);
    assert.match(bad ?? "", /Sign flipped/);
  });

  it("prefers manualGrads' own h_relu inside manualGrads", () => {
    const md = hoverAt("h_relu = x", "h_relu", 1);
    assert.match(md ?? "", /in manualGrads/);
  });

  it("counts the nodes a loop made on one line, with their shapes", () => {
    const run = runWith(passingCheck);
    const { line } = at("y_pred.sub(y)");
    const steps = [0, 1, 2].map((i) => ({ ...trace.nodes[9], id: 100 + i, op: "add", label: "h", line, shape: i < 2 ? [1, 20] : [1, 21],
      grad: summary({ min: -(10 ** -i), max: 0.5 * 10 ** -i }) }));
    run.traces = [{ ...trace, nodes: [...trace.nodes, ...steps] }];
    const md = hoverMarkdown(run, { line, column: 5, word: "h" }, fresh);
    assert.match(md ?? "", /`h`\*\* ×3 from this line \(a loop\): \[1, 20\] ×2, \[1, 21\]/);
    assert.match(md ?? "", /largest \|gradient\| by iteration: 1, 0\.1, 0\.01$/m);
  });

  it("says when the file changed since the run", () => {
    assert.match(hoverAt("y_pred = ", "y_pred", 0, undefined, { stale: true, ranAt: "10:41:03" }) ?? "", /changed since/);
    assert.doesNotMatch(hoverAt("y_pred = ", "y_pred") ?? "", /changed since/);
  });

  it("returns nothing where the last run made no tensor", () => {
    assert.equal(hoverAt("defineCheck({", "defineCheck"), undefined);
    assert.equal(hoverAt("seed: 3", "seed"), undefined);
  });
});

describe("shapeFlow", () => {
  it("writes unknown operands as ? rather than guessing", () => {
    assert.equal(shapeFlow({ ...trace.nodes[3], inputs: [2, 42] }, new Map(trace.nodes.map((n) => [n.id, n]))), "[64, 1000] · ? → [64, 100]");
  });
});
