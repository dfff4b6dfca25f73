// examples/lstm-bptt.ts: full BPTT is the true gradient; truncation with detach() changes exactly the gradients
// that flow through the recurrence.
import assert from "node:assert/strict";
import { test } from "node:test";
import { checkExample, checkNamed, okByName, verdicts } from "./cli";

test("lstm-bptt.ts: full BPTT passes, truncated BPTT fails", () => {
  const { status, report } = checkExample("lstm-bptt.ts");
  assert.equal(status, 1);
  assert.deepEqual(verdicts(report), { fullBptt: true, truncatedBptt: false });
  assert.deepEqual(okByName(checkNamed(report, "fullBptt").inputs), { W: true, b: true, wy: true });
});

test("lstm-bptt.ts: truncation changes W and b, not the output weights wy", () => {
  const check = checkNamed(checkExample("lstm-bptt.ts").report, "truncatedBptt");
  assert.deepEqual(okByName(check.inputs), { W: false, b: false, wy: true });
});

test("lstm-bptt.ts: one source line makes one node per time step", () => {
  const { nodes } = checkNamed(checkExample("lstm-bptt.ts").report, "fullBptt").graph;
  assert.equal(nodes.filter((n) => n.label === "c_next").length, 6);
});
