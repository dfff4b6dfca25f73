// Planted bugs that touch few elements of a large tensor: the fast and auto checks must catch them and blame the op
// and the element (a directional derivative averages one wrong element over 100,000, well inside rtol), and right
// models, in float64 and float32, must not be caught by the sharper judgement.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Tensor, customOp, defineCheck, randn, tensor } from "../../../src/engine/index";
import { checkModel } from "../../../src/gradcheck";
import type { CheckReport } from "../../../src/protocol";

/** a·b with a hand-written backward; `tamper` may change the dB it computed before it is returned. */
const customMatmul = (name: string, tamper: (db: Float64Array, cols: number) => void = () => {}) => customOp({
  name,
  forward(ctx, a: Tensor, b: Tensor) {
    ctx.saveForBackward(a, b);
    return a.mm(b);
  },
  backward(ctx, g: Tensor) {
    const [a, b] = ctx.saved;
    const db = a.t().mm(g);
    tamper(db.data as Float64Array, b.shape[1]);
    return [g.mm(b.t()), db];
  },
});

/** x·w whose dw is right but for one element, off by 5% plus 1e-3 (the case). */
const matmulWrongAt = (row: number, col: number) => customMatmul("MatmulOneWrong", (dw, cols) => {
  dw[row * cols + col] = dw[row * cols + col] * 1.05 + 1e-3;
});

/** relu whose mask, in one row, also lets through the gradient of inputs just below zero (a `>= -0.05` typo). */
const reluMaskWrongInRow = (row: number) => customOp({
  name: "ReluRowMask",
  forward(ctx, h: Tensor) {
    ctx.saveForBackward(h);
    return h.relu();
  },
  backward(ctx, g: Tensor) {
    const [h] = ctx.saved;
    const cols = h.shape[1];
    const dh = new Float64Array(h.size);
    for (let i = 0; i < h.size; i++) {
      const threshold = Math.floor(i / cols) === row ? -0.05 : 0;
      dh[i] = h.data[i] > threshold ? g.data[i] : 0;
    }
    return tensor(dh).reshape([...h.shape]);
  },
});

/**
 * y[i] = x[i-1] + x[i] + x[i+1] with zero padding, computed on the raw numbers (so the op's own check can only use
 * central differences), whose backward wraps around at the borders as a circular convolution would.
 */
const movingSumCircularBackward = customOp({
  name: "MovingSum",
  forward(_ctx, x: Tensor) {
    const n = x.size;
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) y[i] = (i > 0 ? x.data[i - 1] : 0) + x.data[i] + (i < n - 1 ? x.data[i + 1] : 0);
    return tensor(y);
  },
  backward(_ctx, g: Tensor) {
    const n = g.size;
    const dx = new Float64Array(n);
    for (let i = 0; i < n; i++) dx[i] = g.data[(i - 1 + n) % n] + g.data[i] + g.data[(i + 1) % n];
    return tensor(dx);
  },
});

/** tanh whose backward flips the sign of one hidden unit's gradient, at one time step only. */
const tanhSignWrongAt = (step: number, unit: number) => customOp({
  name: "StepTanh",
  forward(ctx, pre: Tensor, t: number) {
    const y = pre.tanh();
    ctx.saveForBackward(y, tensor([t]));
    return y;
  },
  backward(ctx, g: Tensor) {
    const [y, t] = ctx.saved;
    const d = g.mul(y.pow(2).neg().add(1));
    if (t.data[0] === step) (d.data as Float64Array)[unit] = -d.data[unit];
    return [d];
  },
});

const x = randn([64, 1000], { seed: 1 });
const y = randn([64, 10], { seed: 2 });
const modes = ["fast", "auto"] as const;

function opNamed(report: CheckReport, name: string) {
  const op = report.ops.find((o) => o.op === name);
  assert.ok(op, `the report has a result for ${name}: ${JSON.stringify(report.ops)}`);
  return op;
}

for (const mode of modes) {
  test(`${mode}: one wrong element of a [1000, 100] weight is caught, blamed on its op and element`, () => {
    const mm = matmulWrongAt(417, 23);
    const spec = defineCheck({
      inputs: { w1: randn([1000, 100], { seed: 3 }), w2: randn([100, 10], { seed: 4 }) },
      forward: ({ w1, w2 }) => mm(x, w1).clamp({ min: 0 }).mm(w2).sub(y).pow(2).sum(),
    });
    const { report } = checkModel("twoLayer", spec, { mode });
    const w1 = report.inputs.find((r) => r.name === "w1")!;
    assert.equal(report.ok, false);
    assert.equal(w1.ok, false);
    assert.deepEqual(w1.worst?.index, [417, 23]);
    assert.ok(w1.differenceError! > 0, "the report says what the difference's error was estimated to be");
    const op = opNamed(report, "MatmulOneWrong");
    assert.equal(op.ok, false);
    assert.match(op.message ?? "", /input 1 \(b\).*\[417,23\].*autograd of its forward/);
    assert.ok(report.diagnostics.some((d) => d.code === "precise-mismatch" && d.severity === "error"));
  });

  test(`${mode}: one row of a relu mask that lets too much through is caught and blamed on that row`, () => {
    const relu = reluMaskWrongInRow(13);
    const spec = defineCheck({
      inputs: { w1: randn([1000, 100], { seed: 3 }), w2: randn([100, 10], { seed: 4 }) },
      forward: ({ w1, w2 }) => relu(x.mm(w1).mul(0.03)).mm(w2).sub(y).pow(2).sum(),
    });
    const { report } = checkModel("twoLayer", spec, { mode });
    assert.equal(report.ok, false);
    assert.equal(report.inputs.find((r) => r.name === "w1")!.ok, false);
    const op = opNamed(report, "ReluRowMask");
    assert.equal(op.ok, false);
    assert.match(op.message ?? "", /\[13,\d+\]/, "the worst element is in row 13");
  });

  test(`${mode}: a border the backward wraps around is caught at the first or last element of 10,000`, () => {
    const c = randn([10_000], { seed: 5 });
    const spec = defineCheck({
      inputs: { signal: randn([10_000], { seed: 6 }) },
      forward: ({ signal }) => movingSumCircularBackward(signal).mul(c).tanh().sum(),
    });
    const { report } = checkModel("border", spec, { mode });
    const signal = report.inputs[0];
    assert.equal(signal.ok, false);
    assert.ok([0, 9_999].includes(signal.worst!.index[0]), `worst at ${JSON.stringify(signal.worst)}`);
    const op = opNamed(report, "MovingSum");
    assert.equal(op.ok, false);
    assert.match(op.message ?? "", /\[(0|9999)\]/);
  });

  test(`${mode}: a sign flipped in one unit at one time step of a recurrent net is caught and blamed`, () => {
    const tanh = tanhSignWrongAt(5, 17);
    const xs = randn([8, 1, 50], { seed: 7 });
    const spec = defineCheck({
      inputs: { wh: randn([200, 200], { seed: 8 }).mul(0.05), wx: randn([50, 200], { seed: 9 }).mul(0.1) },
      forward: ({ wh, wx }) => {
        let h = randn([1, 200], { seed: 10 }).mul(0.1);
        for (let t = 0; t < 8; t++) h = tanh(h.mm(wh).add(xs.slice(t, t + 1).reshape([1, 50]).mm(wx)), t);
        return h.sum();
      },
    });
    const { report } = checkModel("rnn", spec, { mode });
    assert.equal(report.ok, false);
    const steps = report.ops.filter((o) => o.op === "StepTanh");
    assert.deepEqual(steps.map((o) => o.ok), [true, true, true, true, true, false, true, true], "step 5 is blamed");
    assert.match(steps[5].message ?? "", /\[0,17\]/, "the flipped unit");
  });
}

/** The contract's two-layer net with a right custom matmul, in the given dtype. */
function rightTwoLayer(dtype: "float64" | "float32") {
  const mm = customMatmul("Matmul");
  const xd = randn([64, 1000], { seed: 1, dtype });
  const yd = randn([64, 10], { seed: 2, dtype });
  return defineCheck({
    inputs: { w1: randn([1000, 100], { seed: 3, dtype }), w2: randn([100, 10], { seed: 4, dtype }) },
    forward: ({ w1, w2 }) => mm(xd, w1).clamp({ min: 0 }).mm(w2).sub(yd).pow(2).sum(),
  });
}

for (const mode of modes) {
  for (const dtype of ["float64", "float32"] as const) {
    test(`${mode}: the right two-layer net in ${dtype} passes, with no precise mismatch`, () => {
      const { report } = checkModel("twoLayer", rightTwoLayer(dtype), { mode });
      assert.equal(report.ok, true, JSON.stringify(report.diagnostics));
      assert.deepEqual(report.diagnostics.filter((d) => d.code === "precise-mismatch"), []);
    });
  }

  test(`${mode}: relu on inputs exactly at its kink passes; the kink is explained, not called a precise mismatch`, () => {
    const base = randn([50, 40], { seed: 11 });
    for (let i = 0; i < base.size; i += 7) (base.data as Float64Array)[i] = 0;
    const spec = defineCheck({ inputs: { v: base }, forward: ({ v }) => v.relu().mul(v.add(2)).sum() });
    const { report } = checkModel("kinked", spec, { mode });
    assert.deepEqual(report.diagnostics.filter((d) => d.code === "precise-mismatch" && d.severity === "error"), []);
  });
}
