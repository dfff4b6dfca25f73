// Where the checks of a model file are declared, read from its text alone (CodeLens must appear before any run).
// Pure: unit-tested in plain node.
import type { Report } from "../protocol";

export interface CheckLocation {
  /** The export name, `default` for the default export (as in the report). */
  name: string;
  /** 1-based line and column of the `export` keyword. */
  line: number;
  column: number;
}

// `export const twoLayer = defineCheck(`, with an optional type annotation, possibly split over lines;
// `export default defineCheck(`. A `defineCheck` inside a comment or string is not worth a parser here.
const exportedCheck =
  /^[ \t]*export\s+(?:(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::[^=;]+)?=|default)\s*defineCheck\s*(?:<[^>]*>)?\s*\(/gm;

export function checkLocations(text: string): CheckLocation[] {
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  return [...text.matchAll(exportedCheck)].map((m) => {
    const offset = m.index + m[0].search(/\S/);
    const line = upperBound(lineStarts, offset);
    return { name: m[1] ?? "default", line, column: offset - lineStarts[line - 1] + 1 };
  });
}

/** The check the cursor is in (the last one declared at or above `line`), else the file's first: the panel shows it. */
export function checkAt(locations: readonly CheckLocation[], line: number): string | undefined {
  return (locations.filter((l) => l.line <= line).pop() ?? locations[0])?.name;
}

/** How many line starts are at or before `offset`: the 1-based line holding it. */
function upperBound(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The verdict a CodeLens shows for check `name` from the file's last run (`undefined` before any run). */
export function verdictText(report: Report | undefined, name: string, stale: boolean): string {
  const when = stale ? " (before your last edit)" : "";
  if (report?.error) return `could not run: ${report.error.code}${when}`;
  const check = report?.checks.find((c) => c.name === name);
  if (!check) return "not run yet";
  if (check.error) return `could not run: ${check.error.code}${when}`;
  if (check.ok) return `✓ passed${when}`;
  const culprits = [
    ...check.ops.filter((o) => !o.ok).map((o) => o.op),
    ...check.manual.filter((m) => !m.ok).map((m) => `manual ${m.name}`),
    ...check.inputs.filter((i) => !i.ok).map((i) => i.name),
  ];
  return `✗ failed${culprits.length ? ` (${[...new Set(culprits)].join(", ")})` : ""}${when}`;
}
