import assert from "node:assert/strict";
import { test } from "node:test";
import type { RunResult } from "../../../src/protocol";
import { formatNumber, formatSummary } from "../../../src/webview/format";
import { escapeMarkdown, reportMarkdown } from "../../../src/webview/markdownReport";
import gates from "../../fixtures/traces/gates.json";
import hostile from "../../fixtures/traces/hostile.json";

test("the Markdown report has a section per check and a row per input, op and diagnostic", () => {
  const md = reportMarkdown(gates as unknown as RunResult);
  assert.match(md, /^# gradlens report: examples\/gates\\\.ts\n/);
  assert.equal(md.match(/^## /gm)?.length, 3);
  assert.ok(md.includes("| a | [3, 4] | ❌ FAIL | 2.9 | 1.87 | [2, 1]: analytic -1.2, numeric 1.7 |"));
  assert.ok(md.includes("| Multiply | line 4 | ❌ FAIL | 1.87 |"));
  assert.ok(md.includes("- **error** `nan` (line 18): log produced the first NaN"));
});

test("hostile text cannot become HTML, links or extra table cells", () => {
  const md = reportMarkdown(hostile as unknown as RunResult);
  assert.ok(!md.includes("<img") && !md.includes("<b "));
  assert.ok(!md.includes("](javascript"));
  const opRow = md.split("\n").find((l) => l.includes("click n0"))!;
  assert.equal(opRow.split(/(?<!\\)\|/).length, 7); // 5 cells: no pipe or newline got through
  assert.equal(escapeMarkdown("a|b <c> [d](e)"), "a\\|b &lt;c&gt; \\[d\\]\\(e\\)");
  assert.equal(escapeMarkdown("a\u202eb\u001bc\nd"), "a\\\\u202eb\\\\x1bc d", "controls and bidi as escapes, line breaks as spaces");
});

test("numbers read the same everywhere: 4 significant digits, exponents at the extremes, NaN from JSON null", () => {
  assert.deepEqual([0.0611, 10396224.6, 2.1e-8, -1.9, 0, null].map(formatNumber), ["0.0611", "1.04e+7", "2.10e-8", "-1.9", "0", "NaN"]);
  const s = { count: 6400, min: 0, max: 121.7, mean: 12.8, std: 18.9, nan: 0, inf: 0, zeros: 3290 };
  assert.equal(formatSummary(s), "mean 12.8 ± 18.9, range [0, 121.7], 3290/6400 zero");
});
