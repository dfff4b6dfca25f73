import assert from "node:assert/strict";
import { test } from "node:test";
import { type Tensor, defineCheck, rand, randn } from "../../../src/engine/index";
import { checkModel } from "../../../src/gradcheck";
import { twoLayerForward, twoLayerInputs, x, y } from "./fixtures";

type W = { w1: Tensor; w2: Tensor };

/** Hand-written backprop of the two-layer net, with switches for the usual slips. */
function manual({ w1, w2 }: W, slip: { two?: boolean; sign?: boolean; mask?: boolean; transpose?: boolean } = {}) {
  const pre = x.mm(w1);
  const h = pre.clamp({ min: 0 });
  const diff = slip.sign ? y.sub(h.mm(w2)) : h.mm(w2).sub(y);
  const gradPred = slip.two ? diff : diff.mul(2);
  const gradW2 = slip.transpose ? gradPred.t().mm(h) : h.t().mm(gradPred);
  const gradH = gradPred.mm(w2.t());
  const gradPre = slip.mask ? gradH : gradH.mul(pre.gt(0));
  return { w1: x.t().mm(gradPre), w2: gradW2 };
}

const check = (slip: Parameters<typeof manual>[1]) =>
  checkModel("m", defineCheck({ inputs: twoLayerInputs(), forward: twoLayerForward, manualGrads: (w: W) => manual(w, slip) }), { mode: "full" });

test("a right manual backprop passes and its returned nodes are mapped for the hovers", () => {
  const { report, manualTape, manualReturned } = check({});
  assert.equal(report.ok, true, JSON.stringify(report.manual));
  assert.deepEqual(report.manual.map((m) => [m.name, m.ok]), [["w1", true], ["w2", true]]);
  const w2 = manualReturned.find((r) => r.input === "w2")!;
  assert.deepEqual(manualTape!.nodes[w2.node].tensor.shape, [4, 3]);
});

test("a missing 2 is hinted, and the mismatch points at the returned gradient's node", () => {
  const { report, manualReturned } = check({ two: true });
  assert.equal(report.ok, false);
  const w2 = report.manual.find((m) => m.name === "w2")!;
  assert.equal(w2.ok, false);
  assert.match(w2.hint!, /factor 2 is missing/);
  const d = report.diagnostics.find((d) => d.code === "manual-grad-mismatch" && /gradient of w2/.test(d.message))!;
  assert.match(d.message, /worst at \[\d+,\d+\]/);
  assert.equal(d.manualNode, manualReturned.find((r) => r.input === "w2")!.node);
});

test("a sign flip is hinted", () => {
  assert.match(check({ sign: true }).report.manual[1].hint!, /sign is flipped/);
});

test("a transposed weight gradient is hinted", () => {
  const w2 = check({ transpose: true }).report.manual.find((m) => m.name === "w2")!;
  assert.match(w2.hint!, /transpose/);
});

test("a missing ReLU mask is hinted while the unaffected input still passes", () => {
  const { report } = check({ mask: true });
  const [w1, w2] = report.manual;
  assert.equal(w2.ok, true);
  assert.equal(w1.ok, false);
  assert.match(w1.hint!, /missing ReLU mask/);
});

test("an extra sigmoid-derivative factor in a cross-entropy delta is hinted", () => {
  const target = rand([6, 2], { seed: 4 }).gt(0.5);
  const spec = defineCheck({
    inputs: { z: randn([6, 2], { seed: 3 }) },
    forward: ({ z }) => {
      const p = z.sigmoid();
      return target.mul(p.log()).add(target.neg().add(1).mul(p.neg().add(1).log())).neg().sum();
    },
    // Right: p − y. Wrong: (p − y)·p(1 − p), the sigmoid's derivative applied a second time.
    manualGrads: ({ z }) => {
      const p = z.sigmoid();
      return { z: p.sub(target).mul(p).mul(p.neg().add(1)) };
    },
  });
  const { report } = checkModel("bce", spec, { mode: "full" });
  assert.equal(report.inputs[0].ok, true);
  assert.match(report.manual[0].hint!, /activation-derivative factor: manual = autograd · σ'\(z\)/);
});
