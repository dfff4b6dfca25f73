// Reads the user's source with the TypeScript parser to learn which variable each op's result was assigned to.
// Only the labels worker (labels-worker.ts) imports this: loading typescript costs ~400 ms of a thread the first
// time, which must never be the extension host's or the CLI's. Cached by file content for the worker's lifetime.
import * as ts from "typescript";
import { positionKey, type SourceLabels } from "./labels";

const cache = new Map<string, SourceLabels>();

export function sourceLabels(fileName: string, text: string): SourceLabels {
  const cached = cache.get(text);
  if (cached) return cached;
  const labels = collect(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true));
  if (cache.size > 32) cache.clear();
  cache.set(text, labels);
  return labels;
}

function collect(file: ts.SourceFile): SourceLabels {
  const labels: SourceLabels = {
    assigned: new Map(), returned: new Set(), checkLines: new Map(), inputLines: new Map(), inputLinesByName: new Map(),
  };
  const keyAt = (pos: number) => {
    const { line, character } = file.getLineAndCharacterOfPosition(pos);
    return positionKey(line + 1, character + 1);
  };
  // The call positions an expression's value comes from: the outermost call, through parentheses, casts and `? :`.
  const resultCalls = (e: ts.Expression): number[] => {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e)) return resultCalls(e.expression);
    if (ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) return resultCalls(e.expression);
    if (ts.isConditionalExpression(e)) return [...resultCalls(e.whenTrue), ...resultCalls(e.whenFalse)];
    if (!ts.isCallExpression(e)) return [];
    let callee: ts.Expression = e.expression;
    while (ts.isParenthesizedExpression(callee)) callee = callee.expression;
    return [ts.isPropertyAccessExpression(callee) ? callee.name.getStart(file) : callee.getStart(file)];
  };
  const assign = (name: string, value: ts.Expression) => {
    for (const pos of resultCalls(value)) labels.assigned.set(keyAt(pos), name);
  };
  const lineOf = (n: ts.Node) => file.getLineAndCharacterOfPosition(n.getStart(file)).line + 1;
  const isDefineCheck = (e: ts.Node): e is ts.CallExpression => ts.isCallExpression(e) && /\bdefineCheck$/.test(e.expression.getText(file));
  /**
   * Input name → line of its entry in a defineCheck call's `inputs: { ... }`; when `inputs` is not an object literal
   * (`inputs: weights()`), every input of the check gets the line of `inputs` itself, under the key "".
   */
  const inputLinesOf = (call: ts.CallExpression) => {
    const lines = new Map<string, number>();
    const spec = call.arguments[0];
    const inputs = spec && ts.isObjectLiteralExpression(spec) ? spec.properties.find((p) => p.name?.getText(file) === "inputs") : undefined;
    if (!inputs) return lines;
    if (!ts.isPropertyAssignment(inputs) || !ts.isObjectLiteralExpression(inputs.initializer)) return lines.set("", lineOf(inputs));
    for (const p of inputs.initializer.properties) if (p.name) lines.set(p.name.getText(file), lineOf(p));
    return lines;
  };
  // A check exported straight from defineCheck, or from a helper that calls it (then its line is the export's).
  const checkExport = (name: string, value: ts.Expression) => {
    if (!ts.isCallExpression(value)) return;
    labels.checkLines.set(name, lineOf(value));
    if (isDefineCheck(value)) labels.inputLines.set(name, inputLinesOf(value));
  };
  const visit = (node: ts.Node): void => {
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
