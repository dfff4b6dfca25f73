// Where the runner's tests find the model-file fixtures and the built worker, and the lines they mark.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The repository root, from out/test/unit/<area>/ where the bundled test runs. */
export const ROOT = resolve(__dirname, "../../../..");
export const WORKER = join(ROOT, "dist", "worker.js");

export const fixture = (name: string) => join(ROOT, "test", "fixtures", name);

/** The 1-based line carrying `// MARK: <mark>` in a fixture, so tests never hard-code line numbers. */
export function lineOf(name: string, mark: string): number {
  const lines = readFileSync(fixture(name), "utf8").split("\n");
  const index = lines.findIndex((l) => l.includes(`// MARK: ${mark}`));
  if (index < 0) throw new Error(`${name} has no "// MARK: ${mark}"`);
  return index + 1;
}

/** The 1-based column where `text` starts on the line marked `mark`. */
export function columnOf(name: string, mark: string, text: string): number {
  const line = readFileSync(fixture(name), "utf8").split("\n")[lineOf(name, mark) - 1];
  const at = line.indexOf(text);
  if (at < 0) throw new Error(`"${text}" is not on the line marked ${mark} in ${name}`);
  return at + 1;
}
