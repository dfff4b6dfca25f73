// Numerical differentiation by central differences, in place on the inputs' float64 data.
// Every perturbation is undone by restoring the saved values, never by subtracting eps again
// (x + eps − eps is not always x in floating point, and a drifting input would skew every later element).

/** What is differentiated: `data[i]` are the inputs' values, `evaluate()` reads them and returns the objective. */
export interface Probe {
  data: Float64Array[];
  evaluate(): number;
}

/** (f(x + eps·e_k) − f(x − eps·e_k)) / 2eps for element `flat` of input `input`. */
export function partialDerivative(probe: Probe, input: number, flat: number, eps: number): number {
  const x = probe.data[input];
  const saved = x[flat];
  x[flat] = saved + eps;
  const plus = probe.evaluate();
  x[flat] = saved - eps;
  const minus = probe.evaluate();
  x[flat] = saved;
  return (plus - minus) / (2 * eps);
}

/** Runs `fn` with input `input` moved to x + step·u, then restores it. */
export function withDisplacement<T>(probe: Probe, input: number, u: Float64Array, step: number, fn: () => T): T {
  const x = probe.data[input];
  const saved = x.slice();
  for (let i = 0; i < x.length; i++) x[i] = saved[i] + step * u[i];
  try {
    return fn();
  } finally {
    x.set(saved);
  }
}

/** f on both sides of x along a direction, and the central difference between them. */
export interface CentralDifference {
  plus: number;
  minus: number;
  derivative: number;
}

/** (f(x + eps·u) − f(x − eps·u)) / 2eps along `u` for one input, with the two values it came from. */
export function centralDifference(probe: Probe, input: number, u: Float64Array, eps: number): CentralDifference {
  const plus = withDisplacement(probe, input, u, eps, () => probe.evaluate());
  const minus = withDisplacement(probe, input, u, -eps, () => probe.evaluate());
  return { plus, minus, derivative: (plus - minus) / (2 * eps) };
}

/** The directional derivative (f(x + eps·u) − f(x − eps·u)) / 2eps along `u` for one input. */
export function directionalDerivative(probe: Probe, input: number, u: Float64Array, eps: number): number {
  return centralDifference(probe, input, u, eps).derivative;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
