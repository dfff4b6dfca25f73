import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import type { Uri } from "vscode";
import { SaveDebouncer } from "../../../src/extension/saveDebouncer";

const uri = (path: string) => ({ toString: () => `file://${path}`, path }) as unknown as Uri;

describe("SaveDebouncer", () => {
  it("runs once per file after a burst of saves settles", () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const runs: string[] = [];
      const d = new SaveDebouncer(400, (u) => runs.push(u.toString()));
      d.saved(uri("/a.ts"));
      mock.timers.tick(300);
      d.saved(uri("/a.ts"));
      d.saved(uri("/b.ts"));
      mock.timers.tick(399);
      assert.deepEqual(runs, []);
      mock.timers.tick(1);
      assert.deepEqual(runs, ["file:///a.ts", "file:///b.ts"]);
      d.saved(uri("/a.ts"));
      d.dispose();
      mock.timers.tick(1000);
      assert.equal(runs.length, 2);
    } finally {
      mock.timers.reset();
    }
  });
});
