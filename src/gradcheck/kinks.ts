// Kinks and ties: telling a real gradient bug from a central difference that straddles a non-differentiable point.
// Each non-smooth node (relu, clamp, abs, max, maxPool2d) reports a region code per element (which smooth piece it
// is on). If any node's regions differ between the runs at x + eps and x − eps, the perturbation crossed a kink or
// tie there, and the numerical derivative is the average of two slopes, not a derivative at all.
import type { Diagnostic } from "../protocol";
import type { KinkProbe } from "./input-check";
import { type Probe, withDisplacement } from "./numeric";

/** Records the forward at the probe's current values: node id → region codes of every non-smooth node. */
type RegionRecorder = () => Map<number, Int32Array>;

function sameRegion(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Ids of the nodes whose region differs between two recorded runs. */
function changedNodes(plus: Map<number, Int32Array>, minus: Map<number, Int32Array>): number[] {
  const out: number[] = [];
  for (const [id, region] of plus) {
    const other = minus.get(id);
    if (!other || !sameRegion(region, other)) out.push(id);
  }
  return out;
}

/** For a model without non-smooth ops: nothing to cross, and no recorded runs spent finding that out. */
export const SMOOTH: KinkProbe = { crossingsAtElement: () => [], crossingsAlong: () => [] };

export function makeKinkProbe(probe: Probe, record: RegionRecorder, eps: number): KinkProbe {
  return {
    crossingsAtElement(input, flat) {
      const x = probe.data[input];
      const saved = x[flat];
      try {
        x[flat] = saved + eps;
        const plus = record();
        x[flat] = saved - eps;
        return changedNodes(plus, record());
      } finally {
        x[flat] = saved;
      }
    },
    crossingsAlong(input, u) {
      const plus = withDisplacement(probe, input, u, eps, record);
      return changedNodes(plus, withDisplacement(probe, input, u, -eps, record));
    },
  };
}

/** The convention at the non-differentiable point, by op, and what the central difference sees instead. */
const CONVENTIONS: Record<string, string> = {
  relu: "autograd uses relu'(0) = 0; the central difference sees the average of the slopes 0 and 1, ½",
  clamp: "autograd passes the gradient (slope 1) where min ≤ x ≤ max, bounds included; the central difference sees ½",
  abs: "autograd uses abs'(0) = 0; the central difference sees the average of −1 and 1, 0",
  max: "autograd sends the whole gradient to the first maximal element (row-major); the central difference splits it, ½ each",
  maxPool2d: "autograd sends the whole gradient to the first maximal element of each window (row-major); the central difference splits it",
};

export interface NonSmoothFinding {
  node: number;
  op: string;
  kind: "kink" | "tie";
  /** Flat indices of the op's input sitting exactly on the non-differentiable point at the unperturbed values. */
  atPoint: number;
  /** Input name → elements excluded from the verdict because their perturbation crosses this node's kink or tie. */
  crossedBy: Map<string, number>;
}

export function kinkDiagnostic(f: NonSmoothFinding): Diagnostic {
  const what = f.kind === "tie" ? "a tie between maximal elements" : "the kink";
  const parts: string[] = [];
  if (f.atPoint > 0) {
    const subject = f.atPoint === 1 ? `1 element of ${f.op}'s input sits` : `${f.atPoint} elements of ${f.op}'s input sit`;
    parts.push(`${subject} exactly on ${what}`);
  }
  const crossed = [...f.crossedBy].map(([name, n]) => `${n} of ${name}`);
  if (crossed.length > 0) {
    parts.push(`perturbing ${crossed.join(", ")} by ±eps crosses ${what} of ${f.op} here, so ${
      crossed.length === 1 && [...f.crossedBy.values()][0] === 1 ? "that element is" : "those elements are"
    } left out of the verdict`);
  }
  const convention = CONVENTIONS[f.op] ?? "autograd picks one side's slope; the central difference averages both";
  return {
    severity: "warning",
    code: f.kind,
    node: f.node,
    message: `${parts.join("; ")}. ${convention}. Both are right: the function has no derivative there.`,
  };
}
