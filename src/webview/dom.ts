// The one way the panel builds DOM: elements with properties and children, text always as Text nodes (never HTML).
import { NAME_MAX, displayMessage, escapeControls, truncate } from "../shared/text";

type Child = Node | string | null | undefined | false;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; title?: string; id?: string; onclick?: (e: MouseEvent) => void; dataset?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.title) node.title = props.title;
  if (props.id) node.id = props.id;
  if (props.onclick) node.onclick = props.onclick;
  for (const [k, v] of Object.entries(props.dataset ?? {})) node.dataset[k] = v;
  for (const c of children) if (c) node.append(typeof c === "string" ? document.createTextNode(c) : c);
  return node;
}

/**
 * A name the model chose (a check, input, op or label): controls and bidi characters escaped, cut to NAME_MAX
 * characters so a long one cannot push a table's other columns out of view; the whole name on hover when cut.
 */
export function nameText(name: string): HTMLElement {
  const full = escapeControls(name);
  const shown = truncate(full, NAME_MAX);
  return el("span", { className: "name", title: shown === full ? undefined : full }, shown);
}

/** A message, which may quote the model's names: escaped and cut as they are (a line break is only white space here). */
export const messageText = (text: string): string => displayMessage(text, "\n");

/** A message in a table cell: wrapped at any character, so a long name it quotes cannot widen its column. */
export const messageCell = (text: string): HTMLElement => el("span", { className: "message" }, messageText(text));

/** A link-styled button that reveals a line of the model file in the editor. */
export function lineLink(line: number | undefined, reveal: (line: number) => void, text = `line ${line}`): HTMLElement | null {
  if (line === undefined) return null;
  const link = el("button", { className: "link", title: "Reveal in editor", onclick: () => reveal(line) }, text);
  link.dataset.line = String(line);
  return link;
}

/** A small key/value table. */
export function facts(rows: [string, Child][]): HTMLTableElement {
  return el("table", { className: "facts" }, ...rows.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, v))));
}
