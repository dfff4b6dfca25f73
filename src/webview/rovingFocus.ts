// Many items, one tab stop, as in VS Code's lists and trees (a "roving tabindex"): exactly one item is tabbable, so Tab
// enters the group on that item and the next Tab leaves it; keys move focus between items; Enter or Space does what a
// click on the item does (the same callback, so there is one selection path); Escape steps out to the group itself,
// from where an arrow key goes back in.
import type { Direction } from "./arrowKeys";

const DIRECTIONS = new Map<string, Direction>([["ArrowUp", "up"], ["ArrowDown", "down"], ["ArrowLeft", "left"], ["ArrowRight", "right"]]);

export interface RovingOptions {
  /** What makes an element an item: `g.node`, `tbody tr`. */
  selector: string;
  /** The item an arrow key leads to from `from` (items in document order), or undefined to stay. */
  step(from: Element, direction: Direction, items: Element[]): Element | undefined;
  /** The click's own handler, called with the focused item. */
  activate(item: Element): void;
  /** Brings an item that got keyboard focus into view (the diagram pans, a table scrolls). */
  reveal?(item: Element): void;
}

export interface Roving {
  /** After (re)drawing the items: every item out of the tab order except `stop` (else the first). */
  adopt(stop?: Element): void;
  /** Focuses `item`, which makes it the tab stop. */
  focus(item: Element): void;
}

export function rovingFocus(group: HTMLElement, opts: RovingOptions): Roving {
  const items = (): Element[] => [...group.querySelectorAll(opts.selector)];
  const itemOf = (target: EventTarget | null): Element | null =>
    target instanceof Element ? target.closest(opts.selector) : null;
  let stop: Element | undefined;
  const moveTabStop = (to: Element): void => {
    stop?.setAttribute("tabindex", "-1");
    to.setAttribute("tabindex", "0");
    stop = to;
  };
  const adopt = (preferred?: Element): void => {
    const all = items();
    for (const item of all) item.setAttribute("tabindex", "-1");
    stop = undefined;
    const first = preferred ?? all[0];
    if (first) moveTabStop(first);
  };
  // `reveal` decides what comes into view: a browser scroll would fight the diagram's own pan.
  const focus = (item: Element): void => (item as HTMLElement | SVGElement).focus({ preventScroll: true });
  // Escape lands on the group; it is focusable by script only, so it adds no tab stop of its own.
  group.tabIndex = -1;
  group.addEventListener("focusin", (e) => {
    const item = itemOf(e.target);
    if (!item) return;
    moveTabStop(item); // whatever focused an item (keys, a click, Tab) makes it where Tab comes back to
    if (item.matches(":focus-visible")) opts.reveal?.(item); // keyboard focus only: a click must not move the diagram
  });
  /** Where a navigation key leads; from the group itself, arrows go back in at the tab stop. */
  const destination = (item: Element | null, key: string): Element | undefined => {
    const all = items();
    if (key === "Home") return all[0];
    if (key === "End") return all.at(-1);
    const direction = DIRECTIONS.get(key)!;
    return item ? opts.step(item, direction, all) : stop ?? all[0];
  };
  group.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return; // VS Code's own shortcuts
    const item = itemOf(e.target);
    if (item && (e.key === "Enter" || e.key === " ")) opts.activate(item);
    else if (item && e.key === "Escape") group.focus({ preventScroll: true });
    else if (DIRECTIONS.has(e.key) || e.key === "Home" || e.key === "End") {
      const next = destination(item, e.key);
      if (next) focus(next);
    } else return;
    e.preventDefault(); // arrows and Space would scroll the panel, even at the last item
  });
  return { adopt, focus };
}
