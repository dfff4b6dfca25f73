import assert from "node:assert/strict";
import { test } from "node:test";
import { nearestInDirection } from "../../../src/webview/arrowKeys";

// A top-down diagram: a above b; c beside b; d two ranks down, straight under a; e far off to the lower right.
const box = (x: number, y: number) => ({ x, y, width: 100, height: 40 });
const [a, b, c, d, e] = [box(0, 0), box(30, 100), box(200, 100), box(0, 200), box(600, 130)];
const boxes = [a, b, c, d, e];

test("an arrow key leads to the nearest node that way, a step sideways counting double", () => {
  assert.equal(nearestInDirection(a, boxes, "down"), 1); // b, just below and a little aside, before d further down
  assert.equal(nearestInDirection(b, boxes, "right"), 2); // c on the same rank, before e lower down
  assert.equal(nearestInDirection(c, boxes, "left"), 1);
  assert.equal(nearestInDirection(b, boxes, "up"), 0);
  assert.equal(nearestInDirection(c, boxes, "right"), 4);
});

test("nothing that way (or only nodes level with this one) leaves focus where it is", () => {
  assert.equal(nearestInDirection(a, boxes, "up"), undefined);
  assert.equal(nearestInDirection(e, boxes, "right"), undefined);
  assert.equal(nearestInDirection(b, [b, c], "down"), undefined); // c is level with b
});
