// Comparisons: 0/1 tensors with broadcasting. They have no backward, so their results never require grad.
import type { Operand, Tensor } from "../tensor";
import { applyBinary, binaryDef } from "./operands";

function comparison(name: string, test: (x: number, y: number) => boolean): (a: Tensor, b: Operand) => Tensor {
  const def = binaryDef(name, `${name} is a step: no gradient flows through it`, (x, y) => (test(x, y) ? 1 : 0));
  return (a, b) => applyBinary(def, a, b);
}

export const gt = comparison("gt", (x, y) => x > y);
export const lt = comparison("lt", (x, y) => x < y);
export const ge = comparison("ge", (x, y) => x >= y);
export const le = comparison("le", (x, y) => x <= y);
export const eq = comparison("eq", (x, y) => x === y);
