// The `gradlens.*` settings as the runner's options. Pure (the caller passes a reader over vscode's configuration),
// so the mapping is unit-tested in plain node.
import type { Mode } from "../protocol";
import type { RunOptions } from "../runner/client";
import { type OptionName, validateOption } from "../shared/options";

/** Reads one `gradlens.*` setting by its key without the prefix (`"eps"`). */
export type SettingReader = (key: string) => unknown;

export type CheckSettings = Pick<RunOptions, "mode" | "eps" | "atol" | "rtol" | "timeoutMs" | "memoryBytes">;

const modes: readonly Mode[] = ["full", "fast", "auto"];
/** The setting's value when it is within the option's bounds (shared with the CLI); else the runner's default. */
const bounded = (name: OptionName, v: unknown) => (validateOption(name, v) === null ? (v as number) : undefined);

/**
 * `userSet` gives a value only where the user set it: a check's own mode, eps, atol and rtol (defineCheck options)
 * win over gradlens's defaults, so unset settings must not be passed on. `effective` includes the defaults.
 */
export function checkSettings(userSet: SettingReader, effective: SettingReader): CheckSettings {
  const mode = userSet("mode");
  return {
    mode: modes.includes(mode as Mode) ? (mode as Mode) : undefined,
    eps: bounded("eps", userSet("eps")),
    atol: bounded("atol", userSet("atol")),
    rtol: bounded("rtol", userSet("rtol")),
    timeoutMs: bounded("timeout", effective("timeout")),
    memoryBytes: bounded("memoryBudget", effective("memoryBudget")),
  };
}

