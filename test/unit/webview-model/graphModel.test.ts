import assert from "node:assert/strict";
import { test } from "node:test";
import {
  foldKeysOnLine, foldTrace, marksOf, neighbourhood, NODE_BUDGET, outputNodeId, splitHubLeaves, visibleGraph, type ViewGraph,
} from "../../../src/webview/graphModel";
import type { RunResult } from "../../../src/protocol";
import gates from "../../fixtures/traces/gates.json";
import twoLayer from "../../fixtures/traces/two-layer.json";
import { unrolledRnn } from "../../fixtures/traces/unrolled";

const TWO = twoLayer as unknown as RunResult;
const GATES = gates as unknown as RunResult;
const none = new Set<string>();

test("a graph without repeated call sites keeps one view node per trace node and every edge", () => {
  const g = foldTrace(TWO.traces[0], TWO.report.checks[0], none);
  assert.equal(g.nodes.length, 10);
  assert.deepEqual(g.nodes.map((n) => n.members), TWO.traces[0].nodes.map((n) => [n.id]));
  assert.equal(g.edges.length, 9);
  assert.equal(g.nodes.filter((n) => n.output).map((n) => n.rep.label).join(), "loss");
});

test("an unrolled loop folds each call site into one node, with merged edges counted", () => {
  const rnn = unrolledRnn(250).traces[0];
  const g = foldTrace(rnn, undefined, none);
  assert.equal(g.nodes.length, 8);
  const tanh = g.nodes.find((n) => n.rep.op === "tanh")!;
  assert.equal(tanh.members.length, 250);
  const mm = g.nodes.indexOf(g.nodes.find((n) => n.rep.op === "mm")!);
  // tanh feeds the next step's mm 249 times: one self-referencing edge of the loop, counted.
  assert.equal(g.edges.find((e) => e.from === g.nodes.indexOf(tanh) && e.to === mm)?.count, 249);
});

test("unfolding a loop body unfolds every repeated call site on its line, and only those", () => {
  const rnn = unrolledRnn(5).traces[0];
  assert.deepEqual(foldKeysOnLine(rnn, 13), ["op:13:11:mm", "op:13:17:add", "op:13:25:tanh"]);
  const g = foldTrace(rnn, undefined, new Set(foldKeysOnLine(rnn, 13)));
  assert.equal(g.nodes.length, 2 + 1 + 15 + 2); // w, h0, x_t ×5, 5 × (mm, add, tanh), pow, loss
  assert.equal(g.nodes.filter((n) => n.members.length > 1).map((n) => n.rep.label).join(), "x_t");
});

test("marks add `fail` for an input whose gradient check failed and for a failing custom op", () => {
  const [trace, report] = [GATES.traces[0], GATES.report.checks[0]];
  assert.deepEqual(marksOf(trace.nodes[0], trace, report), ["fail"]);
  assert.deepEqual(marksOf(trace.nodes[2], trace, report), ["fail"]);
  assert.deepEqual(marksOf(trace.nodes[3], trace, report), []);
});

test("the output is the last node nothing consumes", () => {
  assert.equal(outputNodeId(TWO.traces[0]), 9);
  assert.equal(outputNodeId(unrolledRnn(3).traces[0]), 3 * 4 + 3);
});

function chain(n: number): ViewGraph {
  const trace = unrolledRnn(n).traces[0];
  return foldTrace(trace, undefined, new Set([...foldKeysOnLine(trace, 12), ...foldKeysOnLine(trace, 13)]));
}

test("a neighbourhood keeps the nearest nodes within the budget and renumbers its edges", () => {
  const g = chain(40);
  const center = g.nodes.findIndex((n) => n.rep.id === 80);
  const near = neighbourhood(g, center, 7);
  assert.equal(near.nodes.length, 7);
  assert.ok(near.nodes.some((n) => n.rep.id === 80));
  assert.equal(near.total, g.nodes.length);
  for (const e of near.edges) assert.ok(e.from < 7 && e.to < 7);
  assert.match(near.note ?? "", /^7 of 164 nodes: the nearest within \d+ steps? of/);
});

test("a leaf used by many ops is drawn once per use; a value used twice keeps its fan-out", () => {
  const split = splitHubLeaves(chain(10));
  const w = split.nodes.filter((n) => n.rep.label === "w");
  assert.equal(w.length, 10);
  assert.equal(new Set(w.map((n) => n.key)).size, 10);
  for (let i = 0; i < split.nodes.length; i++) {
    if (split.nodes[i].rep.label === "w") assert.equal(split.edges.filter((e) => e.from === i).length, 1);
  }
  const relu = foldTrace(TWO.traces[1], undefined, none);
  assert.equal(splitHubLeaves(relu), relu);
});

test("the visible graph stays within the budget: folded when it fits, a neighbourhood with a note when not", () => {
  const rnn = unrolledRnn(250);
  const folded = visibleGraph(rnn.traces[0], undefined, { expanded: none });
  assert.equal(folded.nodes.length, 8);
  assert.equal(folded.note, undefined);
  const unfolded = visibleGraph(rnn.traces[0], undefined, { expanded: new Set(foldKeysOnLine(rnn.traces[0], 13)), selected: 500 });
  assert.ok(unfolded.nodes.length <= NODE_BUDGET);
  assert.ok(unfolded.nodes.some((n) => n.members.includes(500)));
  assert.match(unfolded.note ?? "", /too large to draw/);
  const focused = visibleGraph(TWO.traces[0], undefined, { expanded: none, focus: 9, budget: 3 });
  assert.deepEqual(focused.nodes.map((n) => n.rep.id), [7, 8, 9]);
});
