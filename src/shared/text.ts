// Text a model controls (check, input and op names, labels, messages) as the CLI and the panel show it: characters
// that could fake or hide output are shown as escapes, and long names are cut. A newline in an op name could print
// a fake "✓ 1 of 1 checks passed" line; ESC starts a terminal escape sequence (colours, cursor moves, clearing the
// line); a bidi override (U+202E) shows what follows reversed, so "a‮sdrawkcab" reads as something else.

/**
 * C0 controls, DEL and C1 controls; the bidi marks, embeddings, overrides and isolates (U+061C, U+200E–F,
 * U+202A–E, U+2066–9); the line and paragraph separators U+2028–9, which some terminals and editors break lines at.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `\n`, `\r`, `\t`, `\x1b` (below U+0100), else `\u202e`. */
function escapeOne(ch: string): string {
  const code = ch.charCodeAt(0);
  return NAMED[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
}

/**
 * The text with every control, bidi and line-separator character shown as its escape, but those in `keep`: "\n"
 * for a page, where a line break is only white space, or "\n\t" for a model's console output.
 */
export function escapeControls(text: string, keep = ""): string {
  return text.replace(UNSAFE, (ch) => (keep.includes(ch) ? ch : escapeOne(ch)));
}

/** How many characters of a name are shown before it is cut with an ellipsis. */
export const NAME_MAX = 80;

/** At most `max` characters (code points, so no emoji is split), the last an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // 2·max + 1 UTF-16 units hold more than max code points, unless they are the whole text.
  const points = Array.from(text.slice(0, 2 * max + 1));
  return points.length <= max ? text : `${points.slice(0, max - 1).join("")}…`;
}

/** A name as shown in a line of output: escaped, then cut to NAME_MAX characters. */
export function displayName(name: string, max = NAME_MAX): string {
  return truncate(escapeControls(name), max);
}

/** How many characters of a message are shown: messages quote names, and a name may be 100,000 characters long. */
export const MESSAGE_MAX = 2000;

/** A message as shown: escaped but for the characters in `keep` (see escapeControls), then cut to MESSAGE_MAX. */
export function displayMessage(text: string, keep = ""): string {
  return truncate(escapeControls(text, keep), MESSAGE_MAX);
}
