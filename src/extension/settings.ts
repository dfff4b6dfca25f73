// The `gradlens.*` settings as the runner's options. Pure (the caller passes a reader over vscode's configuration),
// so the mapping is unit-tested in plain node.
import type { Mode } from "../protocol";
import type { RunOptions } from "../runner/client";

/** Reads one `gradlens.*` setting by its key without the prefix (`"eps"`). */
export type SettingReader = (key: string) => unknown;

export type CheckSettings = Pick<RunOptions, "mode" | "eps" | "atol" | "rtol" | "timeoutMs" | "memoryBytes">;

const modes: readonly Mode[] = ["full", "fast", "auto"];
const positive = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : undefined);
const nonNegative = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : undefined);

/**
 * `userSet` gives a value only where the user set it: a check's own mode, eps, atol and rtol (defineCheck options)
 * win over gradlens's defaults, so unset settings must not be passed on. `effective` includes the defaults.
 */
export function checkSettings(userSet: SettingReader, effective: SettingReader): CheckSettings {
  const mode = userSet("mode");
  return {
    mode: modes.includes(mode as Mode) ? (mode as Mode) : undefined,
    eps: positive(userSet("eps")),
    atol: nonNegative(userSet("atol")),
    rtol: nonNegative(userSet("rtol")),
    timeoutMs: positive(effective("timeout")),
    memoryBytes: positive(effective("memoryBudget")),
  };
}

