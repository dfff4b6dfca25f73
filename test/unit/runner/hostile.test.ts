// Model files that try to change their own verdict or the CLI's output, run as users run them (the built CLI,
// --json). Each carries a wrong custom backward (test/fixtures/hostile/wrong-square.ts), so an honest verdict is
// "failed": every case must exit non-zero with ok false, print exactly one JSON document, and name the cause.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { CheckReport, Report } from "../../../src/protocol";
import { ROOT, fixture, lineOf } from "./fixtures";

function check(name: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "gradlens.js"), "check", fixture(`hostile/${name}`), "--json", ...args], {
    encoding: "utf8", cwd: ROOT, timeout: 60_000,
  });
  // JSON.parse of the whole stdout: a second document, or anything else printed, is a parse error.
  const report = JSON.parse(r.stdout) as Report;
  assert.notEqual(r.status, 0, `${name}: exit ${r.status}`);
  assert.equal(report.ok, false, `${name}: ok`);
  return { report, stderr: r.stderr, code: r.status };
}

const squareBlamed = (c: CheckReport | undefined) => {
  assert.equal(c?.ok, false);
  assert.equal(c?.ops.find((o) => o.op === "Square")?.ok, false);
  assert.ok(c?.diagnostics.some((d) => d.code === "custom-backward-mismatch" && /Square/.test(d.message)));
};

test("a forged 'done' message on the worker's port is ignored and reported as untrusted-message", () => {
  const { report, code } = check("post-done.ts");
  assert.equal(code, 1);
  squareBlamed(report.checks[0]);
  const d = report.checks[0].diagnostics.find((x) => x.code === "untrusted-message");
  assert.match(d?.message ?? "", /parentPort\.postMessage.*ignored.*"type":"done"/);
});

test("wrapping postMessage (the port's and the prototype's) cannot rewrite the report", () => {
  const { report, code } = check("wrap-post.ts");
  assert.equal(code, 1);
  squareBlamed(report.checks[0]);
});

test("patched intrinsics (Array.prototype.every, Math, JSON.stringify, Number.isFinite) cannot pass a wrong backward", () => {
  const { report, code } = check("patch-intrinsics.ts");
  assert.equal(code, 1);
  squareBlamed(report.checks[0]);
  const warning = report.checks[0].diagnostics.find((d) => d.code === "patched-intrinsics");
  assert.match(warning?.message ?? "", /Array\.prototype\.every.*JSON\.stringify.*Math\.abs/);
  squareBlamed(report.checks.find((c) => c.name === "patchesInForward"));
});

test("built-ins patched inside a custom op's forward and backward, right before the comparison, cannot pass it", () => {
  const { report, code } = check("patch-in-backward.ts");
  assert.equal(code, 1);
  squareBlamed(report.checks[0]);
  assert.equal(report.checks[0].inputs[0].ok, false);
  const warning = report.checks[0].diagnostics.find((d) => d.code === "patched-intrinsics");
  assert.match(warning?.message ?? "", /Array\.prototype\.every.*Array\.prototype\.filter.*Math\.abs/);
  // Number.NaN is never "replaced": NaN is not === itself, and the watch must not say so.
  assert.doesNotMatch(warning?.message ?? "", /Number\.NaN/);
});

test("JSON written to fd 1, process.stdout and console stays out of stdout; the report carries it as output", () => {
  const { report, code, stderr } = check("write-stdout.ts");
  assert.equal(code, 1);
  squareBlamed(report.checks[0]);
  assert.equal(report.file, fixture("hostile/write-stdout.ts"));
  const printed = report.output!;
  assert.equal(printed.text.match(/"file":"forged"/g)?.length, 3);
  assert.match(printed.text, /forged on stderr/);
  assert.equal(printed.lines, 4);
  assert.equal(printed.truncated, false);
  assert.match(stderr, /"file":"forged"/);
});

test("process.exit inside a backward is that check's runtime error, at the line that called it", () => {
  const { report, code } = check("exit-in-backward.ts");
  assert.equal(code, 2);
  const error = report.checks[0].error;
  assert.equal(error?.code, "runtime");
  assert.match(error?.message ?? "", /process\.exit\(0\)/);
  assert.equal(error?.line, lineOf("hostile/exit-in-backward.ts", "exit"));
});

test("a model that kills its own process does not kill the CLI: exit 2, the signal named", () => {
  const { report, code } = check("kill-self.ts");
  assert.equal(code, 2);
  assert.equal(report.error?.code, "runtime");
  assert.match(report.error?.message ?? "", /killed by SIGKILL/);
});

test("a model that stops its own process is killed by the host at its limit, naming the check it was running", () => {
  const { report, code } = check("stop-self.ts", "--timeout", "1000");
  assert.equal(code, 2);
  assert.equal(report.error?.code, "timeout");
  assert.match(report.error?.message ?? "", /within 1 s.*check "frozen" \(line \d+\).*stopped answering/);
  assert.equal(report.error?.line, lineOf("hostile/stop-self.ts", "export const frozen"));
});

test("a child the model spawned dies with the run", () => {
  const pidFile = join(tmpdir(), "gradlens-sleeper.pid");
  rmSync(pidFile, { force: true });
  const { report } = check("spawn-sleeper.ts");
  squareBlamed(report.checks[0]);
  const pid = Number(readFileSync(pidFile, "utf8"));
  assert.ok(pid > 0);
  // SIGKILL is delivered asynchronously and the orphan is reaped by init: gone (or a zombie) within moments.
  const alive = () => {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
    } catch {
      return false;
    }
  };
  const until = Date.now() + 5_000;
  while (alive() && Date.now() < until) spawnSync("sleep", ["0.05"]);
  assert.equal(alive(), false, "the sleeper outlived the run");
});

test("a patched Tensor method is checked as patched and named", () => {
  const { report } = check("patch-tensor.ts");
  squareBlamed(report.checks[0]);
  const d = report.checks[0].diagnostics.find((x) => x.code === "patched-engine");
  assert.match(d?.message ?? "", /Tensor\.prototype\.mul/);
});

test("a Proxy returned by forward cannot hide a wrong backward", () => {
  const { report } = check("proxy-output.ts");
  squareBlamed(report.checks[0]);
});

test("forward returning a Promise, a fake tensor, a toPrimitive object: each that check's error; the others still judged", () => {
  const { report, code } = check("odd-returns.ts");
  assert.equal(code, 2);
  const byName = new Map(report.checks.map((c) => [c.name, c]));
  assert.match(byName.get("asyncForward")?.error?.message ?? "", /Promise/);
  assert.match(byName.get("never")?.error?.message ?? "", /Promise/);
  assert.match(byName.get("fakeTensor")?.error?.message ?? "", /not a gradlens Tensor/);
  assert.match(byName.get("primitive")?.error?.message ?? "", /forward must return a Tensor/);
  squareBlamed(byName.get("square"));
});
