// Runs an example through the built CLI, as a user would (`gradlens check examples/<file> --json`),
// and reads its JSON report. Needs `node scripts/build.mjs` first (bin/gradlens.js runs dist/cli.js).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CheckReport, Report } from "../../../src/protocol";

// This file is bundled into out/test/unit/examples/, four levels below the repository.
export const root = join(__dirname, "..", "..", "..", "..");

export interface CliRun {
  status: number | null;
  report: Report;
}

const runs = new Map<string, CliRun>();

/**
 * `gradlens check examples/<file> --json --mode <mode>` (auto unless given), run once per file, mode and test process (the tests of one
 * example all read the same report); throws with the output when no JSON report comes out.
 */
export function checkExample(file: string, mode: "auto" | "fast" | "full" = "auto"): CliRun {
  const key = `${mode} ${file}`;
  let run = runs.get(key);
  if (!run) runs.set(key, (run = runCli(join(root, "examples", file), [], mode)));
  return run;
}

/**
 * Runs a variant of examples/<file> in which `from` is replaced by `to` (a "try it: break this" from the example's
 * header), written to a temporary directory; `extra` adds CLI arguments such as ["--check", "twoLayer"].
 */
export function checkVariant(file: string, from: string, to: string, extra: string[] = []): CliRun {
  const text = readFileSync(join(root, "examples", file), "utf8");
  if (!text.includes(from)) throw new Error(`"${from}" is not in examples/${file}`);
  const dir = mkdtempSync(join(tmpdir(), "gradlens-example-"));
  try {
    const variant = join(dir, file);
    writeFileSync(variant, text.replace(from, to));
    return runCli(variant, extra);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runCli(file: string, extra: string[] = [], mode = "auto"): CliRun {
  const args = [join(root, "bin", "gradlens.js"), "check", file, "--json", "--mode", mode, ...extra];
  const run = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", timeout: 60_000 });
  if (run.error) throw run.error;
  try {
    return { status: run.status, report: JSON.parse(run.stdout) as Report };
  } catch {
    throw new Error(`gradlens check ${file} printed no JSON report (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
}

/** The named check of a report; fails the test when it is missing. */
export function checkNamed(report: Report, name: string): CheckReport {
  const found = report.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no check "${name}" in the report (has: ${report.checks.map((c) => c.name).join(", ")})`);
  return found;
}

/** Every check's verdict by name, e.g. { fullBptt: true, truncatedBptt: false }. */
export function verdicts(report: Report): Record<string, boolean> {
  return Object.fromEntries(report.checks.map((c) => [c.name, c.ok]));
}

/** Per input or per manual gradient: name → ok. */
export function okByName(results: { name: string; ok: boolean }[]): Record<string, boolean> {
  return Object.fromEntries(results.map((r) => [r.name, r.ok]));
}

/** The 1-based number of the first code line (not a comment line) of examples/<file> containing `snippet`. */
export function lineOf(file: string, snippet: string): number {
  const lines = readFileSync(join(root, "examples", file), "utf8").split("\n");
  const index = lines.findIndex((l) => l.includes(snippet) && !l.trimStart().startsWith("//"));
  if (index < 0) throw new Error(`"${snippet}" is not in examples/${file}`);
  return index + 1;
}

/** The distinct lines of a check's diagnostics with this code, in ascending order. */
export function diagnosticLines(check: CheckReport, code: string): (number | undefined)[] {
  const lines = new Set(check.diagnostics.filter((d) => d.code === code).map((d) => d.line));
  return [...lines].sort((a, b) => (a ?? 0) - (b ?? 0));
}
