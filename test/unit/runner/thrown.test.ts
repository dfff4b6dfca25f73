// Whatever a model throws becomes a message naming what was thrown; turning it into the report's error never throws.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { test } from "node:test";
import { runFile } from "../../../src/runner/client";
import { toReportError } from "../../../src/runner/errors";
import { SiteMapper } from "../../../src/runner/sites";
import { WORKER, fixture } from "./fixtures";

const messageOf = (thrown: unknown) => toReportError(thrown, new SiteMapper("/model.ts", "bundle.js", "")).message;
const throwing = () => {
  throw new Error("a getter of the user's");
};

test("primitives, null and undefined are shown as themselves", () => {
  assert.equal(messageOf(null), "uncaught null");
  assert.equal(messageOf(undefined), "uncaught undefined");
  assert.equal(messageOf(42), "uncaught 42");
  assert.equal(messageOf(NaN), "uncaught NaN");
  assert.equal(messageOf(7n), "uncaught 7n");
  assert.equal(messageOf(Symbol("tag")), "uncaught Symbol(tag)");
  assert.equal(messageOf("text"), 'uncaught "text"');
});

test("objects show their contents, not [object Object], without running the user's toString or getters", () => {
  assert.equal(messageOf(Object.create(null)), "uncaught [Object: null prototype] {}");
  assert.equal(messageOf({ message: "diverged", step: 3 }), "uncaught { message: 'diverged', step: 3 }");
  assert.equal(messageOf({ toString: throwing }), "uncaught { toString: [Function: throwing] }");
  assert.equal(messageOf({ [Symbol.toPrimitive]: throwing }), "uncaught { [Symbol(Symbol.toPrimitive)]: [Function: throwing] }");
  assert.equal(messageOf({ get loss() { return throwing(); } }), "uncaught { loss: [Getter] }");
  assert.match(messageOf({ [inspect.custom]: throwing, a: 1 }), /^uncaught \{ a: 1, /);
  assert.match(messageOf(Promise.resolve(1)), /^uncaught Promise \{/);
});

test("a long thrown value is cut to one line of 200 characters with an ellipsis", () => {
  const message = messageOf({ text: "x".repeat(100_000), rows: "a\nb\nc".repeat(1000) });
  assert.ok(message.length <= "uncaught ".length + 200, `${message.length} characters`);
  assert.match(message, /…$/);
  assert.doesNotMatch(message, /\n/);
});

test("an Error whose message getter throws is named by its class", () => {
  class Weird extends Error {
    override get message(): string {
      return throwing();
    }
  }
  assert.equal(messageOf(new Weird()), "Weird (its message getter threw Error)");
});

test("a Proxy whose traps all throw still gives an error", () => {
  const proxy = new Proxy({}, { get: throwing, getPrototypeOf: throwing, ownKeys: throwing, getOwnPropertyDescriptor: throwing });
  assert.deepEqual(toReportError(proxy, new SiteMapper("/model.ts", "bundle.js", "")),
    { code: "runtime", message: "uncaught value that cannot be inspected (a Proxy whose traps throw)" });
});

test("a check throwing an object without a prototype is that check's error; the file's other check still passes", async () => {
  const { report } = await runFile(fixture("throws-null-prototype.ts"), { workerPath: WORKER, labels: false });
  assert.equal(report.error, null, JSON.stringify(report.error));
  const [odd, fine] = report.checks;
  assert.equal(odd.name, "odd");
  assert.equal(odd.error?.message, "uncaught [Object: null prototype] { reason: 'not a loss yet' }");
  assert.deepEqual([fine.name, fine.ok], ["fine", true]);
});
