// A model file keeps its lines, labels and check order whatever characters its name (and its folder's) holds:
// esbuild's source map writes the name as a URL (`name-ü.ts` as `name-%C3%BC.ts`), never as the path itself.
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { runFile } from "../../../src/runner/client";
import { WORKER, fixture, lineOf } from "./fixtures";

const base = mkdtempSync(join(tmpdir(), "gradlens-names-"));
after(() => rmSync(base, { recursive: true, force: true }));

/** The fixture copied to a folder and a file both named with `part`. */
function copyNamed(name: string, part: string): string {
  const dir = join(base, `dir-${part}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name.replace(/\.ts$/, "")}-${part}.ts`);
  copyFileSync(fixture(name), file);
  return file;
}

const parts = { latin: "name-ü", symbol: "✓", cjk: "日本", percent: "%20", hash: "#", query: "?", space: "a b" };

for (const [kind, part] of Object.entries(parts)) {
  test(`a file named with ${kind} characters (${JSON.stringify(part)}) keeps its lines and check order`, async () => {
    const thrown = await runFile(copyNamed("throws.ts", part), { workerPath: WORKER, labels: false });
    const broken = thrown.report.checks.find((c) => c.name === "broken");
    assert.equal(broken?.error?.line, lineOf("throws.ts", "throw"), JSON.stringify(broken?.error));

    const { report, traces } = await runFile(copyNamed("two-layer.ts", part), { workerPath: WORKER });
    assert.equal(report.error, null, JSON.stringify(report.error));
    const h = traces[0].nodes.find((n) => n.label === "h");
    assert.equal(h?.line, lineOf("two-layer.ts", "h"), "the graph's nodes carry the user's lines");
    assert.ok(traces[0].nodes.every((n) => n.line !== undefined), "every node has a line");

    const ordered = await runFile(copyNamed("check-order.ts", part), { workerPath: WORKER, labels: false });
    assert.deepEqual(ordered.report.checks.map((c) => c.name), ["zeta", "alpha", "default", "mid"]);
  });
}
