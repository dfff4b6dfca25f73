// Draws Mermaid source into the diagram area: strict Mermaid, one delegated click listener on the SVG (no `click`
// directives), pan with the mouse and zoom with the wheel; without a mouse, the nodes are one tab stop that arrow keys
// move around and Enter or Space selects (rovingFocus.ts).
import mermaid from "mermaid";
import type { ThemeKind } from "../protocol";
import { nearestInDirection } from "./arrowKeys";
import { MAX_EDGES, MAX_TEXT_SIZE } from "./mermaidSource";
import { rovingFocus } from "./rovingFocus";
import { isDark } from "./theme";

let configuredFor: ThemeKind | undefined;

function configure(theme: ThemeKind): void {
  if (configuredFor === theme) return;
  const font = getComputedStyle(document.body).getPropertyValue("--vscode-font-family").trim();
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: "strict",
    maxTextSize: MAX_TEXT_SIZE,
    maxEdges: MAX_EDGES,
    theme: isDark(theme) ? "dark" : "default",
    themeVariables: font ? { fontFamily: font } : {},
    flowchart: { useMaxWidth: false },
  });
  configuredFor = theme;
}

/** The positional index of the node an event landed on: Mermaid names node groups `…flowchart-n<i>-<k>`. */
export function nodeIndexOfTarget(target: EventTarget | null): number | undefined {
  const group = target instanceof Element ? target.closest("g.node") : null;
  const match = group?.id.match(/flowchart-n(\d+)-\d+$/);
  return match ? Number(match[1]) : undefined;
}

let renderCount = 0;

/** What the keyboard needs of the node drawn as `n<i>`: a key that survives redraws, what a screen reader says. */
export interface DrawnNode {
  key: string;
  name: string;
  /** The full text of a label the diagram cut, shown on hover. */
  title?: string;
  selected: boolean;
}

export interface Viewport {
  element: HTMLElement;
  /** `nodes[i]` describes the node drawn as `n<i>`; the node that had keyboard focus keeps it when it is drawn again. */
  render(source: string, theme: ThemeKind, nodes: DrawnNode[]): Promise<SVGSVGElement>;
  zoom(factor: number): void;
  /**
   * The view a diagram opens with: the whole of it when that reads at READABLE_SCALE or more, else its width down to
   * READABLE_SCALE, from the top; the user pans to the rest.
   */
  firstView(): void;
  /** Scale down (never up, and not below MIN_FIT_SCALE) so the whole diagram fits. */
  fit(): void;
  reset(): void;
}

/** Fit goes no smaller: past it a diagram is a blur of boxes. */
const MIN_FIT_SCALE = 0.3;
/** The smallest scale a diagram opens at: its labels (the editor's font size) stay readable. */
export const READABLE_SCALE = 0.8;

/** Keyboard focus is kept this far (pixels) inside the viewport's edge, so its ring shows too. */
const FOCUS_MARGIN = 16;

/** A pannable, zoomable area; `onNode` gets the positional index of a node clicked or chosen with Enter or Space. */
export function createViewport(onNode: (index: number) => void): Viewport {
  const stage = document.createElement("div");
  stage.className = "stage";
  const element = document.createElement("div");
  element.className = "viewport";
  element.setAttribute("role", "group");
  element.setAttribute("aria-label", "Graph: arrow keys move between nodes, Enter or Space inspects one");
  element.append(stage);
  let scale = 1;
  let x = 0;
  let y = 0;
  const apply = (): void => {
    stage.style.transform = `translate(${x}px, ${y}px) scale(${scale})`;
  };
  const reset = (): void => {
    scale = 1;
    x = 0;
    y = 0;
    apply();
  };
  const zoomAt = (factor: number, cx: number, cy: number): void => {
    const next = Math.min(8, Math.max(0.05, scale * factor));
    x = cx - ((cx - x) * next) / scale;
    y = cy - ((cy - y) * next) / scale;
    scale = next;
    apply();
  };
  element.addEventListener("wheel", (e) => {
    e.preventDefault();
    const box = element.getBoundingClientRect();
    zoomAt(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - box.left, e.clientY - box.top);
  }, { passive: false });
  let drag: { px: number; py: number; moved: boolean } | undefined;
  element.addEventListener("pointerdown", (e) => {
    drag = { px: e.clientX, py: e.clientY, moved: false };
  });
  element.addEventListener("pointermove", (e) => {
    if (!drag || (e.buttons & 1) === 0) return;
    const dx = e.clientX - drag.px;
    const dy = e.clientY - drag.py;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true;
    element.setPointerCapture(e.pointerId);
    x += dx;
    y += dy;
    drag.px = e.clientX;
    drag.py = e.clientY;
    apply();
  });
  const select = (target: EventTarget | null): void => {
    const index = nodeIndexOfTarget(target);
    if (index !== undefined) onNode(index);
  };
  // One listener for every node: a drag that ends on a node is a pan, not a click.
  element.addEventListener("click", (e) => {
    const moved = drag?.moved;
    drag = undefined;
    if (!moved) select(e.target);
  });
  /** Pans just enough to bring a node fully into view: keyboard focus must never sit off screen. */
  const panTo = (node: Element): void => {
    const view = element.getBoundingClientRect();
    const box = node.getBoundingClientRect();
    const shift = (low: number, high: number, min: number, max: number): number =>
      low < min ? min - low : high > max ? Math.max(max - high, min - low) : 0;
    x += shift(box.left, box.right, view.left + FOCUS_MARGIN, view.right - FOCUS_MARGIN);
    y += shift(box.top, box.bottom, view.top + FOCUS_MARGIN, view.bottom - FOCUS_MARGIN);
    apply();
  };
  const boxOf = (node: Element): DOMRect => node.getBoundingClientRect();
  const keyboard = rovingFocus(element, {
    selector: "g.node",
    step: (from, direction, nodes) => nodes[nearestInDirection(boxOf(from), nodes.map(boxOf), direction) ?? -1],
    activate: select,
    reveal: panTo,
  });
  /** Role, spoken name and key (to find the node again after a redraw) on every drawn node; text as attributes only. */
  const describe = (nodes: DrawnNode[]): { g: Element; node: DrawnNode }[] =>
    [...stage.querySelectorAll("g.node")].flatMap((g) => {
      const node = nodes[nodeIndexOfTarget(g) ?? -1];
      if (!node) return [];
      g.setAttribute("role", "button");
      g.setAttribute("aria-label", node.name);
      g.setAttribute("data-key", node.key);
      if (node.title !== undefined) {
        const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
        title.textContent = node.title;
        g.prepend(title);
      }
      return [{ g, node }];
    });
  /** Scales the diagram as `choose` says from its natural size; centred across (a wide one shows its middle), from the top. */
  const placeWith = (choose: (box: DOMRect, natural: DOMRect) => number): void => {
    reset();
    const box = element.getBoundingClientRect();
    const natural = stage.getBoundingClientRect();
    if (natural.width === 0 || natural.height === 0) return;
    scale = choose(box, natural);
    x = (box.width - natural.width * scale) / 2;
    apply();
  };
  return {
    element,
    async render(source, theme, nodes) {
      configure(theme);
      const id = `gradlens-graph-${++renderCount}`;
      const { svg } = await mermaid.render(id, source).catch((e: unknown) => {
        document.getElementById(`d${id}`)?.remove(); // the scratch element Mermaid may leave behind on a parse error
        throw e;
      });
      const tabStopKey = stage.querySelector("g.node[tabindex='0']")?.getAttribute("data-key");
      const hadFocus = stage.contains(document.activeElement);
      // Mermaid's output in strict mode is sanitized by its own DOMPurify pass, and every label was entity-escaped.
      stage.innerHTML = svg;
      const root = stage.querySelector("svg");
      if (!root) throw new Error("Mermaid returned no SVG");
      this.firstView();
      const drawn = describe(nodes);
      // Tab comes back to the node it left (a re-run redraws it), else to the selected one, else to the first.
      const same = drawn.find((d) => d.node.key === tabStopKey)?.g;
      keyboard.adopt(same ?? drawn.find((d) => d.node.selected)?.g);
      // Focus stays on the same node; when that node is gone, on the graph rather than lost to the page.
      if (hadFocus) {
        if (same) keyboard.focus(same);
        else element.focus({ preventScroll: true });
      }
      return root;
    },
    zoom(factor) {
      const box = element.getBoundingClientRect();
      zoomAt(factor, box.width / 2, box.height / 2);
    },
    firstView() {
      placeWith((box, natural) => {
        const whole = Math.min(1, box.width / natural.width, box.height / natural.height);
        return whole >= READABLE_SCALE ? whole : Math.max(READABLE_SCALE, Math.min(1, box.width / natural.width));
      });
    },
    fit() {
      placeWith((box, natural) => Math.max(MIN_FIT_SCALE, Math.min(1, box.width / natural.width, box.height / natural.height)));
    },
    reset,
  };
}
