// A run of the contract's two-layer example as the runner records it, built by hand from the protocol types:
// the fixture the extension's pure parts are tested on. Lines and columns are found in SOURCE, not typed in.
import type { CheckReport, CheckTrace, RunResult, Summary, TraceNode } from "../../../src/protocol";

export const SOURCE = `import { randn, defineCheck } from "gradlens";

const x = randn([64, 1000], { seed: 1 });
const y = randn([64, 10], { seed: 2 });

export const twoLayer = defineCheck({
  inputs: { w1: randn([1000, 100], { seed: 3 }), w2: randn([100, 10], { seed: 4 }) },
  forward: ({ w1, w2 }) => {
    const h_relu = x.mm(w1).clamp({ min: 0 });
    const y_pred = h_relu.mm(w2);
    return y_pred.sub(y).pow(2).sum();
  },
  manualGrads: ({ w1, w2 }) => {
    const h_relu = x.mm(w1).clamp({ min: 0 });
    const grad_y_pred = h_relu.mm(w2).sub(y).mul(2);
    const grad_w2 = h_relu.t().mm(grad_y_pred);
    const grad_h = grad_y_pred.mm(w2.t());
    const grad_w1 = x.t().mm(grad_h);
    return { w1: grad_w1, w2: grad_w2 };
  },
});
`;

/** 1-based line and column of the n-th (0-based) occurrence of `needle` in SOURCE. */
export function at(needle: string, nth = 0): { line: number; column: number } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = SOURCE.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`fixture: "${needle}" #${nth} not in SOURCE`);
  const before = SOURCE.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

export const summary = (s: Partial<Summary> = {}): Summary => ({
  count: 1, min: -1, max: 1, mean: 0.25, std: 0.5, nan: 0, inf: 0, zeros: 0, ...s,
});

const node = (id: number, op: string, shape: number[], extra: Partial<TraceNode> = {}): TraceNode => ({
  id, op, shape, dtype: "float64", kind: "op", inputs: [],
  value: summary({ count: shape.reduce((a, b) => a * b, 1) }), ...extra,
});

// Columns are where V8 reports a call: the method's name (`mm` in `x.mm(w1)`).
const nodes: TraceNode[] = [
  node(0, "input", [1000, 100], { kind: "input", label: "w1", grad: summary() }),
  node(1, "input", [100, 10], { kind: "input", label: "w2", grad: summary() }),
  node(2, "randn", [64, 1000], { kind: "const", label: "x", ...at("randn([64, 1000]") }),
  node(3, "mm", [64, 100], { inputs: [2, 0], ...at("mm(w1)"), rule: "matmul: dX = G·Wᵀ, dW = Xᵀ·G" }),
  node(4, "clamp", [64, 100], { inputs: [3], label: "h_relu", ...at("clamp"), grad: summary({ zeros: 3300, count: 6400 }),
    value: summary({ count: 6400, zeros: 3200 }) }),
  node(5, "mm", [64, 10], { inputs: [4, 1], label: "y_pred", ...at("mm(w2)") }),
  node(6, "randn", [64, 10], { kind: "const", label: "y", ...at("randn([64, 10]") }),
  node(7, "sub", [64, 10], { inputs: [5, 6], ...at("sub(y)") }),
  node(8, "pow", [64, 10], { inputs: [7], ...at("pow") }),
  node(9, "sum", [], { inputs: [8], ...at("sum") }),
];

// manualGrads runs on its own tape: its ids start again at 0.
const manualNodes: TraceNode[] = [
  node(0, "input", [1000, 100], { kind: "input", label: "w1" }),
  node(1, "input", [100, 10], { kind: "input", label: "w2" }),
  node(2, "mm", [64, 100], { inputs: [], ...at("mm(w1)", 1) }),
  node(3, "clamp", [64, 100], { inputs: [2], label: "h_relu", ...at("clamp", 1) }),
  node(4, "mul", [64, 10], { inputs: [], label: "grad_y_pred", ...at("mul(2)") }),
  node(5, "t", [100, 64], { inputs: [3], ...at("t().mm(grad_y_pred)") }),
  node(6, "mm", [100, 10], { inputs: [5, 4], label: "grad_w2", ...at("mm(grad_y_pred)") }),
  node(7, "mm", [64, 100], { inputs: [4], label: "grad_h", ...at("mm(w2.t())") }),
  node(8, "mm", [1000, 100], { inputs: [], label: "grad_w1", ...at("mm(grad_h)") }),
];

export const trace: CheckTrace = {
  check: "twoLayer",
  line: at("export const twoLayer").line,
  nodes,
  edges: [],
  inputs: [{ name: "w1", node: 0 }, { name: "w2", node: 1 }],
  customOps: [],
  manualNodes,
  manualReturned: [{ input: "w1", node: 8 }, { input: "w2", node: 6 }],
  errorMaps: [],
};

export const passingCheck: CheckReport = {
  name: "twoLayer", ok: true, error: null, mode: "full",
  inputs: [
    { name: "w1", shape: [1000, 100], ok: true, maxAbsError: 1e-9, maxRelError: 3e-9, worst: null },
    { name: "w2", shape: [100, 10], ok: true, maxAbsError: 1e-10, maxRelError: 2e-10, worst: null },
  ],
  ops: [],
  manual: [
    { name: "w1", ok: true, maxRelError: 4e-16 },
    { name: "w2", ok: true, maxRelError: 2e-16 },
  ],
  diagnostics: [],
  graph: { nodes: [], edges: [] },
};

export function runWith(check: CheckReport): RunResult {
  return { report: { file: "examples/mlp.ts", ok: check.ok, error: null, checks: [check] }, traces: [trace] };
}
