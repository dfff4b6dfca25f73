// Where an arrow key leads in a drawn diagram: pure geometry on node boxes, no DOM, so it is unit-tested in Node.

export type Direction = "up" | "down" | "left" | "right";

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The index of the box nearest `from` in a direction, centre to centre, where a step sideways counts double (so ↓ goes
 * to the node below before one further down and off to the side); undefined when nothing lies that way.
 */
export function nearestInDirection(from: Box, boxes: Box[], direction: Direction): number | undefined {
  const centre = (b: Box) => [b.x + b.width / 2, b.y + b.height / 2];
  const [fx, fy] = centre(from);
  let best: number | undefined;
  let bestScore = Infinity;
  boxes.forEach((box, i) => {
    const [cx, cy] = centre(box);
    const dx = cx - fx;
    const dy = cy - fy;
    const ahead = direction === "down" ? dy : direction === "up" ? -dy : direction === "right" ? dx : -dx;
    const aside = Math.abs(direction === "down" || direction === "up" ? dx : dy);
    if (ahead < 1) return; // behind, beside or the box itself
    const score = ahead + 2 * aside;
    if (score < bestScore) {
      best = i;
      bestScore = score;
    }
  });
  return best;
}
