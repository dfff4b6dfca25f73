// Reads the user's source with the TypeScript parser to learn which variable each op's result was assigned to.
// It runs host side, after the worker has started (typescript takes ~400 ms to load the first time, so it overlaps
// the run instead of adding to it), and is cached by file content.
//
// V8 reports a call's position at the method name for `a.b(c)` and at the callee for `f(c)`; the same positions
// found here in the AST are the keys that tie a traced node (its user stack frames) to a declaration.
import type * as TS from "typescript";

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

let typescript: typeof TS | undefined;
const cache = new Map<string, SourceLabels>();

export function sourceLabels(fileName: string, text: string): SourceLabels {
  const cached = cache.get(text);
  if (cached) return cached;
  // Required lazily: only runs that capture a graph pay for loading the parser.
  typescript ??= require("typescript") as typeof TS;
  const labels = collect(typescript, typescript.createSourceFile(fileName, text, typescript.ScriptTarget.Latest, true));
  if (cache.size > 32) cache.clear();
  cache.set(text, labels);
  return labels;
}

function collect(ts: typeof TS, file: TS.SourceFile): SourceLabels {
  const labels: SourceLabels = {
    assigned: new Map(), returned: new Set(), checkLines: new Map(), inputLines: new Map(), inputLinesByName: new Map(),
  };
  const keyAt = (pos: number) => {
    const { line, character } = file.getLineAndCharacterOfPosition(pos);
    return positionKey(line + 1, character + 1);
  };
  // The call positions an expression's value comes from: the outermost call, through parentheses, casts and `? :`.
  const resultCalls = (e: TS.Expression): number[] => {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) return resultCalls(e.expression);
    if (ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) return resultCalls(e.expression);
    if (ts.isConditionalExpression(e)) return [...resultCalls(e.whenTrue), ...resultCalls(e.whenFalse)];
    if (!ts.isCallExpression(e)) return [];
    let callee: TS.Expression = e.expression;
    while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
    return [ts.isPropertyAccessExpression(callee) ? callee.name.getStart(file) : callee.getStart(file)];
  };
  const assign = (name: string, value: TS.Expression) => {
    for (const pos of resultCalls(value)) labels.assigned.set(keyAt(pos), name);
  };
  const lineOf = (n: TS.Node) => file.getLineAndCharacterOfPosition(n.getStart(file)).line + 1;
  const isDefineCheck = (e: TS.Node): e is TS.CallExpression => ts.isCallExpression(e) && /\bdefineCheck$/.test(e.expression.getText(file));
  /**
   * Input name → line of its entry in a defineCheck call's `inputs: { ... }`; when `inputs` is not an object literal
   * (`inputs: weights()`), every input of the check gets the line of `inputs` itself, under the key "".
   */
  const inputLinesOf = (call: TS.CallExpression) => {
    const lines = new Map<string, number>();
    const spec = call.arguments[0];
    const inputs = spec && ts.isObjectLiteralExpression(spec) ? spec.properties.find((p) => p.name?.getText(file) === "inputs") : undefined;
    if (!inputs) return lines;
    if (!ts.isPropertyAssignment(inputs) || !ts.isObjectLiteralExpression(inputs.initializer)) return lines.set("", lineOf(inputs));
    for (const p of inputs.initializer.properties) if (p.name) lines.set(p.name.getText(file), lineOf(p));
    return lines;
  };
  // A check exported straight from defineCheck, or from a helper that calls it (then its line is the export's).
  const checkExport = (name: string, value: TS.Expression) => {
    if (!ts.isCallExpression(value)) return;
    labels.checkLines.set(name, lineOf(value));
    if (isDefineCheck(value)) labels.inputLines.set(name, inputLinesOf(value));
  };
  const visit = (node: TS.Node): void => {
    if (ts.isVariableDeclaration(node) && node.initializer && ts.isIdentifier(node.name)) {
      assign(node.name.text, node.initializer);
      const statement = node.parent.parent;
      const exported = ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (exported) checkExport(node.name.text, node.initializer);
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)) {
      assign(node.left.text, node.right);
    } else if (ts.isReturnStatement(node) && node.expression) {
      for (const pos of resultCalls(node.expression)) labels.returned.add(keyAt(pos));
    } else if (ts.isArrowFunction(node) && !ts.isBlock(node.body)) {
      for (const pos of resultCalls(node.body)) labels.returned.add(keyAt(pos));
    } else if (ts.isExportAssignment(node) && !node.isExportEquals) {
      checkExport("default", node.expression);
    }
    if (isDefineCheck(node)) {
      for (const [input, line] of inputLinesOf(node)) {
        if (input === "") continue;
        labels.inputLinesByName.set(input, [...(labels.inputLinesByName.get(input) ?? []), line]);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return labels;
}

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
