// Which tolerances and mode a check runs with: PyTorch's defaults, then the spec's own settings, then explicit options.
import { ArgumentError } from "../engine/internal";
import type { Mode } from "../protocol";

export interface Settings {
  mode: Mode;
  eps: number;
  atol: number;
  rtol: number;
  seed: number;
  /**
   * The unit round-off of the forward's arithmetic, set by the check when the user left atol and rtol alone: a
   * direction inside the tolerance is then also judged by the estimated error of its central difference
   * (precision.ts). Tolerances the user set decide alone: they loosen the check deliberately.
   */
  unitRoundoff?: number;
}

type PartialSettings = Partial<Omit<Settings, "unitRoundoff">>;

/** torch.autograd.gradcheck's defaults: float64 central differences are accurate to about eps² + 1e-16/eps. */
const DEFAULT_SETTINGS: Settings = { mode: "auto", eps: 1e-6, atol: 1e-5, rtol: 1e-3, seed: 0 };

const MODES: readonly Mode[] = ["full", "fast", "auto"];

/** Why a setting cannot be used, or null: eps must be positive, tolerances non-negative, the mode one of three. */
function invalid(key: keyof Settings, value: unknown): string | null {
  if (key === "mode") return MODES.includes(value as Mode) ? null : `must be "full", "fast" or "auto"`;
  if (typeof value !== "number" || !Number.isFinite(value)) return "must be a finite number";
  if (key === "eps" && !(value > 0)) return "must be greater than 0";
  return value < 0 ? "must not be negative" : null;
}

/** Later layers win; `undefined` never overrides (a spec without `eps` keeps the default). */
export function resolveSettings(...layers: (PartialSettings | undefined)[]): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS };
  for (const layer of layers) {
    if (!layer) continue;
    for (const key of Object.keys(out) as (keyof PartialSettings)[]) {
      const value = layer[key];
      if (value === undefined) continue;
      const why = invalid(key, value);
      if (why) throw new ArgumentError(`${key}: ${why}, got ${JSON.stringify(value)}`);
      (out as unknown as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}

/**
 * Work above which `auto` leaves full mode: a full check costs 2 forward passes per input element, so its work is
 * 2 · elements · (cost of one forward, in multiply-adds counted from the tape). 2e8 multiply-adds run in about a
 * second with the plain kernels; the contract's two-layer net (101,000 elements × 6.4M) is 6e5 times over it.
 */
const AUTO_FULL_BUDGET = 2e8;

export function chooseMode(requested: Mode, elements: number, forwardCost: number): Exclude<Mode, "auto"> {
  if (requested !== "auto") return requested;
  return 2 * elements * forwardCost <= AUTO_FULL_BUDGET ? "full" : "fast";
}
