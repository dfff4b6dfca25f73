// The bounds of every numeric run option, in one place for the CLI's flags and the extension's settings alike
// (package.json's `gradlens.*` schema states the same bounds; a unit test holds them together).

export type OptionName = "eps" | "atol" | "rtol" | "timeout" | "memoryBudget";

export interface OptionBounds {
  /** The least value allowed; itself allowed unless `exclusiveMinimum`. */
  minimum: number;
  exclusiveMinimum?: boolean;
  /** The greatest value allowed, if any. */
  maximum?: number;
  /** What the number counts, for messages ("ms"). */
  unit?: string;
}

/**
 * 24 hours. setTimeout holds its delay in a signed 32-bit integer: from 2^31 ms (~24.8 days) on it fires at
 * once, so a larger limit would stop the run before it started.
 */
export const MAX_TIMEOUT_MS = 86_400_000;

export const OPTION_BOUNDS: Readonly<Record<OptionName, Readonly<OptionBounds>>> = {
  eps: { minimum: 0, exclusiveMinimum: true },
  atol: { minimum: 0 },
  rtol: { minimum: 0 },
  timeout: { minimum: 100, maximum: MAX_TIMEOUT_MS, unit: "ms" },
  memoryBudget: { minimum: 1_048_576, unit: "bytes" },
};

/** "a positive number", "a number from 100 to 86400000 ms", "a number of at least 1048576 bytes". */
export function describeBounds({ minimum, exclusiveMinimum, maximum, unit }: OptionBounds): string {
  const units = unit ? ` ${unit}` : "";
  if (maximum !== undefined) return `a number from ${minimum} to ${maximum}${units}`;
  if (exclusiveMinimum) return minimum === 0 ? `a positive number${units}` : `a number above ${minimum}${units}`;
  return minimum === 0 ? `a number of 0 or more${units}` : `a number of at least ${minimum}${units}`;
}

/**
 * What is wrong with a value of an option (`takes a number from 100 to 86400000 ms, not 2147483648`), for the
 * caller to put after the flag's or setting's name; null when the value is allowed. Only finite numbers are.
 */
export function validateOption(name: OptionName, value: unknown): string | null {
  const bounds = OPTION_BOUNDS[name];
  const ok = typeof value === "number" && Number.isFinite(value)
    && (bounds.exclusiveMinimum ? value > bounds.minimum : value >= bounds.minimum)
    && (bounds.maximum === undefined || value <= bounds.maximum);
  if (ok) return null;
  const shown = typeof value === "string" ? JSON.stringify(value) : typeof value === "number" ? String(value) : typeof value;
  return `takes ${describeBounds(bounds)}, not ${shown}`;
}
