// The built command, run as users run it: exit codes 0 / 1 / 2 and a --json stdout that is one Report.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import type { Report } from "../../../src/protocol";
import { ROOT, fixture, lineOf } from "../runner/fixtures";

const gradlens = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "gradlens.js"), ...args], { encoding: "utf8", cwd: ROOT });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const json = (...args: string[]) => {
  const r = gradlens("check", ...args, "--json");
  return { ...r, report: JSON.parse(r.stdout) as Report };
};

test("exit 0 and a JSON report with the contract's fields when every check passes", () => {
  const { code, report } = json(fixture("two-layer.ts"), "--mode", "full");
  assert.equal(code, 0);
  assert.equal(report.file, fixture("two-layer.ts"));
  assert.equal(report.ok, true);
  assert.equal(report.error, null);
  const [check] = report.checks;
  assert.deepEqual(Object.keys(check).sort(), ["diagnostics", "error", "graph", "inputs", "manual", "mode", "name", "ok", "ops"]);
  assert.equal(check.name, "twoLayer");
  assert.equal(check.mode, "full");
  assert.deepEqual(check.inputs.map((i) => [i.name, i.shape]), [["w1", [20, 6]], ["w2", [6, 3]]]);
  for (const i of check.inputs) assert.equal(typeof i.maxRelError, "number");
  assert.ok(check.graph.nodes.some((n) => n.label === "h_relu" && n.op === "clamp" && typeof n.line === "number"));
});

test("exit 1 when a check fails; the report blames the custom op at its definition", () => {
  const { code, report } = json(fixture("wrong-backward.ts"));
  assert.equal(code, 1);
  assert.equal(report.ok, false);
  const op = report.checks[0].ops.find((o) => o.op === "Square");
  assert.equal(op?.ok, false);
  assert.equal(op?.line, lineOf("wrong-backward.ts", "Square"));
});

test("exit 2 when the file or a check cannot run, with the error in the JSON", () => {
  const syntax = json(fixture("syntax-error.ts"));
  assert.equal(syntax.code, 2);
  assert.equal(syntax.report.error?.code, "syntax");
  const shape = json(fixture("shape-mismatch.ts"));
  assert.equal(shape.code, 2);
  assert.equal(shape.report.checks[0].error?.code, "shape");
  const timeout = json(fixture("infinite-loop.ts"), "--timeout", "300");
  assert.equal(timeout.code, 2);
  assert.equal(timeout.report.error?.code, "timeout");
});

test("a timeout's readable report adds the --timeout hint; the JSON message stays free of CLI flags", () => {
  const text = gradlens("check", fixture("infinite-loop.ts"), "--timeout", "300");
  assert.equal(text.code, 2);
  assert.match(text.stdout, /did not finish within 300 ms/);
  assert.match(text.stdout, /raise the limit with --timeout MS \(it was 300 ms\)/);
  const { report } = json(fixture("infinite-loop.ts"), "--timeout", "300");
  assert.doesNotMatch(report.error!.message, /--timeout/);
});

test("--check runs one check; the file is reported as given", () => {
  const { code, report } = json("test/fixtures/throws.ts", "--check", "fine");
  assert.equal(code, 0);
  assert.equal(report.file, "test/fixtures/throws.ts");
  assert.deepEqual(report.checks.map((c) => c.name), ["fine"]);
});

test("without --json the readable report names the checks", () => {
  const { code, stdout } = gradlens("check", fixture("throws.ts"));
  assert.equal(code, 2);
  assert.match(stdout, /broken/);
  assert.match(stdout, /this loss is not written yet/);
  assert.throws(() => JSON.parse(stdout));
});

test("usage errors print the help to stderr and exit 2; --help prints it to stdout and exits 0", () => {
  const bad = gradlens("check", "--mode", "slow");
  assert.equal(bad.code, 2);
  assert.equal(bad.stdout, "");
  assert.match(bad.stderr, /Usage: gradlens check/);
  const help = gradlens("--help");
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: gradlens check/);
});

test("the model's own console output goes to stderr, so --json stdout stays one document", () => {
  const { code, report, stderr } = json(fixture("chatty.ts"));
  assert.equal(code, 0);
  assert.equal(report.checks[0].name, "chatty");
  assert.match(stderr, /loading the chatty model/);
});

test("a --timeout past setTimeout's range exits 2 with a usage error, before running anything", () => {
  const { code, stdout, stderr } = gradlens("check", fixture("two-layer.ts"), "--timeout", "2147483648");
  assert.equal(code, 2);
  assert.equal(stdout, "");
  assert.match(stderr, /^gradlens: --timeout takes a number from 100 to 86400000 ms, not 2147483648\n/);
});

test("names, messages and console output of a hostile model cannot fake, hide or recolour the readable report", () => {
  const { code, stdout, stderr } = gradlens("check", fixture("hostile-names.ts"));
  assert.equal(code, 2);
  assert.deepEqual(stdout.split("\n").filter((l) => /checks passed/.test(l) && !/\\n/.test(l)), ["✗ 0 of 2 checks passed"]);
  assert.doesNotMatch(stdout + stderr, /[\u001b\r\u202e]/);
  assert.match(stdout, /^✗ lying\\n✓ 1 of 1 checks passed {2}\(mode full\)$/m);
  assert.match(stdout, /custom op Square\\n✓ 1 of 1 checks passed\\x1b\[2K\\u202e \(line \d+:\d+\)/);
  assert.match(stdout, /error \[runtime\] \(line \d+:\d+\): boom\\n✓ 1 of 1 checks passed\\r✓$/m);
  // What the model printed follows the report under a heading, escaped and behind a gutter.
  assert.match(stdout, /Output of the model file, 1 line:\n {2}│ hiding what follows\\x1b\[8m$/m);
});

test("a model printing a fake verdict shows it behind the gutter, never as a line of gradlens's own", () => {
  const { code, stdout } = gradlens("check", fixture("hostile/prints-verdict.ts"));
  assert.equal(code, 1);
  assert.deepEqual(stdout.split("\n").filter((l) => /^[✓✗] \d+ of \d+ checks passed/.test(l)), ["✗ 0 of 1 checks passed"]);
  assert.match(stdout, /^ {2}│ ✓ 1 of 1 checks passed$/m);
});
