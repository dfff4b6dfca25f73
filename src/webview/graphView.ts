// Draws Mermaid source into the diagram area: strict Mermaid, one delegated click listener on the SVG (no `click`
// directives), pan with the mouse and zoom with the wheel.
import mermaid from "mermaid";
import type { ThemeKind } from "../protocol";
import { MAX_EDGES, MAX_TEXT_SIZE } from "./mermaidSource";
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

export interface Viewport {
  element: HTMLElement;
  render(source: string, theme: ThemeKind): Promise<SVGSVGElement>;
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

/** A pannable, zoomable area; `onNode` gets the positional index of a clicked node. */
export function createViewport(onNode: (index: number) => void): Viewport {
  const stage = document.createElement("div");
  stage.className = "stage";
  const element = document.createElement("div");
  element.className = "viewport";
  element.append(stage);
  let scale = 1;
  let x = 0;
  let y = 0;
  const apply = (): void => {
    stage.style.transform = `translate(${x}px, ${y}px) scale(${scale})`;
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
  // One listener for every node: a drag that ends on a node is a pan, not a click.
  element.addEventListener("click", (e) => {
    const moved = drag?.moved;
    drag = undefined;
    if (moved) return;
    const index = nodeIndexOfTarget(e.target);
    if (index !== undefined) onNode(index);
  });
  /** Scales the diagram as `choose` says from its natural size; centred across (a wide one shows its middle), from the top. */
  const placeWith = (choose: (box: DOMRect, natural: DOMRect) => number): void => {
    scale = 1;
    x = 0;
    y = 0;
    apply();
    const box = element.getBoundingClientRect();
    const natural = stage.getBoundingClientRect();
    if (natural.width === 0 || natural.height === 0) return;
    scale = choose(box, natural);
    x = (box.width - natural.width * scale) / 2;
    apply();
  };
  return {
    element,
    async render(source, theme) {
      configure(theme);
      const id = `gradlens-graph-${++renderCount}`;
      const { svg } = await mermaid.render(id, source).catch((e: unknown) => {
        document.getElementById(`d${id}`)?.remove(); // the scratch element Mermaid may leave behind on a parse error
        throw e;
      });
      // Mermaid's output in strict mode is sanitized by its own DOMPurify pass, and every label was entity-escaped.
      stage.innerHTML = svg;
      const root = stage.querySelector("svg");
      if (!root) throw new Error("Mermaid returned no SVG");
      this.firstView();
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
    reset() {
      scale = 1;
      x = 0;
      y = 0;
      apply();
    },
  };
}
