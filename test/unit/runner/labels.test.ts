// Labels from the TypeScript AST: which call's result each variable holds, and the lines of checks and inputs.
import assert from "node:assert/strict";
import { test } from "node:test";
import { labelFor, positionKey } from "../../../src/runner/labels";
import { sourceLabels } from "../../../src/runner/parse-labels";

const source = [
  'import { defineCheck, randn } from "gradlens";', // 1
  "const x = randn([2, 3]);", // 2
  "function layer(a, w) {", // 3
  "  const z = a.mm(w);", // 4
  "  return (z.tanh() as any);", // 5
  "}", // 6
  "export const net = defineCheck({", // 7
  "  inputs: {", // 8
  "    w: randn([3, 3]),", // 9
  "  },", // 10
  "  forward: ({ w }) => {", // 11
  "    let h = layer(x, w);", // 12
  "    h = cond ? h.relu() : h.abs();", // 13
  "    return h.sum();", // 14
  "  },", // 15
  "});", // 16
].join("\n");
const col = (line: number, text: string) => source.split("\n")[line - 1].indexOf(text) + 1;
const at = (line: number, text: string) => positionKey(line, col(line, text));

test("a method call's result is labelled at the method name; a plain call at its callee", () => {
  const labels = sourceLabels("model.ts", source);
  assert.equal(labels.assigned.get(at(4, "mm(")), "z");
  assert.equal(labels.assigned.get(at(2, "randn(")), "x");
  assert.equal(labels.assigned.get(at(12, "layer(")), "h");
});

test("both branches of a conditional and re-assignments are labelled", () => {
  const labels = sourceLabels("model.ts", source);
  assert.equal(labels.assigned.get(at(13, "relu(")), "h");
  assert.equal(labels.assigned.get(at(13, "abs(")), "h");
});

test("a helper's returned value takes the caller's variable; its other ops keep their own", () => {
  const labels = sourceLabels("model.ts", source);
  assert.equal(labelFor([at(5, "tanh("), at(12, "layer(")], labels), "h");
  assert.equal(labelFor([at(4, "mm("), at(12, "layer(")], labels), "z");
  assert.equal(labelFor([at(14, "sum(")], labels), undefined);
  assert.equal(labelFor([], labels), undefined);
});

test("check and input lines come from the defineCheck call", () => {
  const labels = sourceLabels("model.ts", source);
  assert.equal(labels.checkLines.get("net"), 7);
  assert.equal(labels.inputLines.get("net")?.get("w"), 9);
});

test("labels are cached by content", () => {
  assert.equal(sourceLabels("model.ts", source), sourceLabels("other.ts", source));
  assert.notEqual(sourceLabels("model.ts", source), sourceLabels("model.ts", `${source}\n`));
});

test("a check made by a helper gets its export's line, and inputs their line in the helper's defineCheck", () => {
  const helperMade = [
    'import { defineCheck, randn } from "gradlens";', // 1
    "function squareCheck(scale: number) {", // 2
    "  return defineCheck({", // 3
    "    inputs: { v: randn([2]) },", // 4
    "    forward: ({ v }) => v.mul(scale).sum(),", // 5
    "  });", // 6
    "}", // 7
    "export const small = squareCheck(1);", // 8
  ].join("\n");
  const labels = sourceLabels("helper.ts", helperMade);
  assert.equal(labels.checkLines.get("small"), 8);
  assert.equal(labels.inputLines.get("small"), undefined);
  assert.deepEqual(labels.inputLinesByName.get("v"), [4]);
});

test("inputs computed by a function all take the line of `inputs:`", () => {
  const computed = [
    'import { defineCheck, randn } from "gradlens";', // 1
    "const weights = () => ({ a: randn([2]) });", // 2
    "export const c = defineCheck({", // 3
    "  inputs: weights(),", // 4
    "  forward: ({ a }) => a.sum(),", // 5
    "});", // 6
  ].join("\n");
  assert.equal(sourceLabels("computed.ts", computed).inputLines.get("c")?.get(""), 4);
});
