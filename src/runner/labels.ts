// Which variable each op's result was assigned to: the labels parse-labels.ts finds in the user's source (in the
// labels worker, off the caller's thread), and the lookup that ties a traced node's stack frames to them.
// This module must stay free of the TypeScript compiler: the host-side bundles (client.js, cli.js) import it.
//
// V8 reports a call's position at the method name for `a.b(c)` and at the callee for `f(c)`; the same positions
// found here in the AST are the keys that tie a traced node (its user stack frames) to a declaration.

/** "line:column", both 1-based, of a call whose result is assigned or returned. */
export type PositionKey = string;

export interface SourceLabels {
  /** Call position → the variable its result was assigned to. */
  assigned: Map<PositionKey, string>;
  /** Call positions whose result a function returns (so a helper's result can carry its caller's variable). */
  returned: Set<PositionKey>;
  /** Export name → line of its `defineCheck(...)` call. */
  checkLines: Map<string, number>;
  /** Export name → input name → line of that input in `inputs: { ... }` ("" → the line of `inputs` itself). */
  inputLines: Map<string, Map<string, number>>;
  /** Input name → its lines in every defineCheck of the file (for checks made by a helper that calls defineCheck). */
  inputLinesByName: Map<string, number[]>;
}

export const positionKey = (line: number, column: number): PositionKey => `${line}:${column}`;

/**
 * The variable a node's value was assigned to, given its user stack frames (innermost first): the first frame that
 * is an assigned call, reached only through frames whose value is returned (a helper's result labels its caller's
 * variable; ops inside the helper that are not its result get no label).
 */
export function labelFor(frames: readonly PositionKey[], labels: SourceLabels): string | undefined {
  for (const frame of frames) {
    const name = labels.assigned.get(frame);
    if (name !== undefined) return name;
    if (!labels.returned.has(frame)) return undefined;
  }
  return undefined;
}
