// Comparisons: 0/1 tensors with broadcasting. They have no backward, so their results never require grad.
import type { Operand, Tensor } from "../tensor";
import { applyBinary, binaryDef } from "./operands";

function comparison(name: string, test: string): (a: Tensor, b: Operand) => Tensor {
  const def = binaryDef(name, `${name} is a step: no gradient flows through it`, `${test} ? 1 : 0`);
  return (a, b) => applyBinary(def, a, b);
}

export const gt = comparison("gt", "x > y");
export const lt = comparison("lt", "x < y");
export const ge = comparison("ge", "x >= y");
export const le = comparison("le", "x <= y");
export const eq = comparison("eq", "x === y");
