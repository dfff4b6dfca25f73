// Text a model controls, as the CLI and the panel show it: controls and bidi characters escaped, long names cut.
import assert from "node:assert/strict";
import { test } from "node:test";
import { NAME_MAX, displayName, escapeControls, truncate } from "../../../src/shared/text";

test("line breaks, tabs and other C0 controls, DEL and C1 controls are shown as escapes", () => {
  assert.equal(escapeControls("a\nb\rc\td"), "a\\nb\\rc\\td");
  assert.equal(escapeControls("\u001b[2K\u0000\u007f"), "\\x1b[2K\\x00\\x7f");
  assert.equal(escapeControls("\u009b31m\u0085"), "\\x9b31m\\x85", "C1: the one-byte CSI and next line");
});

test("bidi embeddings, overrides, isolates and marks, and the line separators are shown as escapes", () => {
  const bidi = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"];
  for (const ch of bidi) assert.equal(escapeControls(`x${ch}y`), `x\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}y`);
  assert.equal(escapeControls("a\u2028b\u2029"), "a\\u2028b\\u2029");
});

test("other text stays as it is, and the characters in `keep` too", () => {
  const text = "name-ü ✓ 日本 %20 # ? a b \\n 😀";
  assert.equal(escapeControls(text), text);
  assert.equal(escapeControls("a\nb\tc\u001b", "\n\t"), "a\nb\tc\\x1b");
});

test("truncate cuts at a code point with an ellipsis, within the limit; short text is unchanged", () => {
  assert.equal(truncate("abc", 3), "abc");
  assert.equal(truncate("abcd", 3), "ab…");
  assert.equal(truncate("😀😀😀", 3), "😀😀😀", "three code points fit in three, though they are six UTF-16 units");
  assert.equal(truncate("😀😀😀😀", 3), "😀😀…");
  assert.equal(Array.from(truncate("x".repeat(100_000), 80)).length, 80);
});

test("displayName escapes, then cuts to NAME_MAX characters", () => {
  assert.equal(displayName("h\u202e1"), "h\\u202e1");
  const long = displayName(`${"op".repeat(50_000)}\n`);
  assert.equal(long.length, NAME_MAX);
  assert.ok(long.endsWith("…"));
});
