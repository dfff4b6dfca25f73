// What max and maxPool2d share: choosing a group's maximum and routing the gradient back to it.
import { alloc, Tensor } from "../tensor";

/** True when the element at `at` beats the current best: larger, or the first NaN (a NaN maximum wins, as PyTorch). */
export function beats(d: ArrayLike<number>, at: number, best: number): boolean {
  return d[at] > d[best] || (d[at] !== d[at] && d[best] === d[best]);
}

/** dx with each output's gradient added at the input index of its maximum (overlapping windows add up). */
export function routeToArgmax(g: Tensor, argmax: Int32Array, inputShape: readonly number[]): Tensor {
  const dx = alloc(g.dtype, inputShape);
  for (let o = 0; o < argmax.length; o++) dx[argmax[o]] += g.data[o];
  return new Tensor(dx, inputShape);
}
